from django.contrib import admin

from usines.editions.models import Edition, EditionDay, Phase, Target


class EditionDayInline(admin.TabularInline):
    model = EditionDay
    extra = 0


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "is_published", "target_factories"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EditionDayInline, PhaseInline, TargetInline]
