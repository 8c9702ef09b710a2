"""What `make run` does: the plan (what is new, whether the marts are current), the Dagster runs of the main job, each file's bounded extraction process, and what it prints."""
