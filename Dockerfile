# The FocusWeb image: the web process (ASGI), the Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
# torch 2.13.0 comes from PyTorch's CPU wheel index, so the image carries no CUDA libraries.
RUN pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt

COPY . .
RUN python manage.py compilemessages --ignore=.venv && \
    SECRET_KEY=build-only python manage.py collectstatic --noinput

RUN useradd --create-home focusweb && mkdir -p /app/var && chown focusweb /app/var
USER focusweb
EXPOSE 8000
# WEB_CONCURRENCY uvicorn processes, by default one per core the container may use.
CMD ["sh", "-c", "exec uvicorn focusweb.asgi:application --host 0.0.0.0 --port 8000 --proxy-headers --no-server-header --workers \"${WEB_CONCURRENCY:-$(nproc)}\""]
