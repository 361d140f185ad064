"""The one place coach/ reaches into ml/: the classifier, loaded once per process.

ml (and torch) are imported on first use, so web processes that never analyse a session
never pay for them.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

MODEL_STATUS_KEY = "focusweb:model-status"
# The version this process last reported as loaded, so the log line and the health note
# are written once per process rather than once per task.
_reported_version: str | None = None


def get_classifier():
    """The process's classifier; raises ml.ModelLoadError (logged, and reported to /healthz)
    when the model files are missing, damaged or of an older format."""
    import torch

    from ml import ModelLoadError, load_classifier

    global _reported_version
    # Each worker process analyses one journal at a time; with several processes per
    # machine, one thread each avoids them fighting over the cores.
    if torch.get_num_threads() != settings.ML_THREADS_PER_PROCESS:
        torch.set_num_threads(settings.ML_THREADS_PER_PROCESS)
    started = time.perf_counter()
    try:
        classifier = load_classifier(settings.ML_MODEL_DIR)
    except ModelLoadError as error:
        logger.error("The journal classifier cannot be loaded: %s", error)
        report_model_status(ok=False, detail=str(error))
        raise
    if classifier.model_version != _reported_version:
        logger.info(
            "Loaded the journal classifier %s in %.2f s",
            classifier.model_version,
            time.perf_counter() - started,
        )
        report_model_status(ok=True, detail=f"model {classifier.model_version} loaded")
        _reported_version = classifier.model_version
    return classifier


def report_model_status(*, ok: bool, detail: str) -> None:
    """Record, for /healthz, whether the last attempt to load the model worked."""
    try:
        cache.set(
            MODEL_STATUS_KEY,
            {"ok": ok, "detail": detail, "at": timezone.now().isoformat()},
            timeout=None,
        )
    except Exception:  # noqa: BLE001 - a health note must never stop the analysis itself
        logger.warning("Could not record the model status in the cache", exc_info=True)


def model_status() -> dict | None:
    return cache.get(MODEL_STATUS_KEY)
