"""Every municipality now lies in a region; the old district text goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0003_regions_from_districts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="municipality",
            name="region",
            field=models.ForeignKey(
                help_text="The lowest region that contains the municipality.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="municipalities",
                to="places.region",
                verbose_name="region",
            ),
        ),
        migrations.RemoveField(
            model_name="municipality",
            name="district",
        ),
    ]
