"""The sitemap: the home page, every region and department, every published factory."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from usines.editions.models import Edition
from usines.factories.models import Participation, ParticipationStatus
from usines.reference.models import Department, Region


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["web:home"]

    def location(self, item):
        return reverse(item)


class RegionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Region.objects.order_by("code")

    def location(self, region):
        return reverse("web:region", args=[region.slug])


class DepartmentSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Department.objects.order_by("code")

    def location(self, department):
        return reverse("web:department", args=[department.code])


class FactorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6
    limit = 10_000

    def items(self):
        edition = Edition.objects.current()
        if edition is None:
            return Participation.objects.none()
        return (
            Participation.objects.filter(edition=edition, status=ParticipationStatus.PUBLISHED)
            .order_by("site_id")
            .values_list("site_id", flat=True)
        )

    def location(self, site_id):
        return reverse("web:site", args=[site_id])


SITEMAPS = {
    "home": HomeSitemap,
    "regions": RegionSitemap,
    "departments": DepartmentSitemap,
    "factories": FactorySitemap,
}
