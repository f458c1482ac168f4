from django.contrib import admin

from usines.reference.models import Commune, Department, NafCode, NafDivision, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "department", "population", "coordinate_precision"]
    list_filter = ["coordinate_precision", "department__region"]
    search_fields = ["insee_code", "name", "postcodes__code"]
    list_select_related = ["department"]


@admin.register(NafDivision)
class NafDivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "section"]


@admin.register(NafCode)
class NafCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "division"]
    search_fields = ["code", "label"]
