"""Background jobs: document ingestion and embedding."""
import os

from celery import Celery

celery = Celery("tasks", broker=os.environ["CELERY_BROKER_URL"], backend=os.environ.get("CELERY_RESULT_BACKEND"))


@celery.task
def ingest(document_id: str) -> str:
    return document_id
