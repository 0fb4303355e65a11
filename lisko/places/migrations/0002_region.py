"""Regions as a hierarchy of real places; municipalities get a region, an official number and a
population. The region stays optional here so that 0003 can fill it from the old district text."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("country", "Country"),
                            ("canton", "Canton"),
                            ("constituency", "Constituency"),
                            ("district", "District"),
                            ("amt", "Amt"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "country",
                    models.CharField(
                        help_text="ISO 3166-1 alpha-2", max_length=2, verbose_name="country"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        blank=True,
                        help_text="The official statistical code, such as a BFS number or a Regionalschlüssel.",
                        max_length=20,
                        verbose_name="official code",
                    ),
                ),
                ("latitude", models.FloatField(verbose_name="latitude")),
                ("longitude", models.FloatField(verbose_name="longitude")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="places.region",
                        verbose_name="part of",
                    ),
                ),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regions",
                "ordering": ["country", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("parent", "name"), name="region_unique_name_in_parent"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("kind", "country")),
                        fields=("country",),
                        name="region_one_per_country",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__gte", -90),
                            ("latitude__lte", 90),
                            ("longitude__gte", -180),
                            ("longitude__lte", 180),
                        ),
                        name="region_coordinates_on_earth",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="municipality",
            name="region",
            field=models.ForeignKey(
                help_text="The lowest region that contains the municipality.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="municipalities",
                to="places.region",
                verbose_name="region",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="The official municipality number, such as the BFS number or the AGS.",
                max_length=20,
                verbose_name="official number",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="population",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="population"),
        ),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True),
                fields=("country", "code"),
                name="municipality_unique_code",
            ),
        ),
    ]
