"""Seed the working-day calendar from the chinese-calendar package (the years it knows).

Install-time data like the policy defaults; later years are entered by the secrecy office
on the calendar page from the State Council's notice.
"""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("customers", "CalendarDay")
    CalendarYear = apps.get_model("customers", "CalendarYear")
    years = sorted({d.year for d in chinese_calendar.holidays})
    have = set(CalendarYear.objects.values_list("year", flat=True))
    todo = [y for y in years if y not in have]
    rows = [CalendarDay(day=d, kind="HOLIDAY", name=str(n or ""))
            for d, n in chinese_calendar.holidays.items() if d.year in todo]
    rows += [CalendarDay(day=d, kind="WORKDAY", name=str(n or ""))
             for d, n in chinese_calendar.workdays.items() if d.year in todo]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    now = timezone.now()
    CalendarYear.objects.bulk_create([
        CalendarYear(year=y, source="PACKAGE", note=f"chinese-calendar {chinese_calendar.__version__}",
                     updated_at=now) for y in todo], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
