"""No double booking, enforced by PostgreSQL.

btree_gist lets one GiST index compare the interpreter id (=) and the blocked time range (&&).
Both operations do nothing on other databases, and neither changes the model state, so the
model stays portable and makemigrations sees no difference.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from lisko.appointments.constraints import AddPostgresOnlyConstraint, no_double_booking


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
    ]

    operations = [
        BtreeGistExtension(),
        AddPostgresOnlyConstraint(model_name="assignment", constraint=no_double_booking()),
    ]
