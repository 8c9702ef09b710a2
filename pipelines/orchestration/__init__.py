"""Dagster: the assets, resources, sensors and schedules, how runs execute (in process or on Celery), and the instance they are recorded in."""
