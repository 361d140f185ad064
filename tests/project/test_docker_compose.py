"""docker-compose.yml describes a stack whose commands point at things that exist here.

Docker cannot run on the development machine, so the file is checked as a file."""

import importlib
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def command_words(service: dict) -> list[str]:
    command = service["command"]
    words = command if isinstance(command, list) else shlex.split(command)
    if words[:2] == ["sh", "-c"]:
        words = shlex.split(words[2])
    return words


def test_the_stack_has_database_broker_migration_web_proxy_worker_and_beat():
    assert {"db", "redis", "migrate", "web", "proxy", "worker", "beat"} <= set(SERVICES)


def test_every_long_running_service_has_a_health_check_or_depends_on_healthy_ones():
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in SERVICES[name], name
    for name in ("web", "worker", "beat"):
        conditions = {service: dep["condition"] for service, dep in SERVICES[name]["depends_on"].items()}
        assert conditions == {
            "db": "service_healthy",
            "redis": "service_healthy",
            "migrate": "service_completed_successfully",
        }, name
    assert SERVICES["proxy"]["depends_on"] == {"web": {"condition": "service_healthy"}}


def test_data_lives_in_named_volumes():
    assert set(COMPOSE["volumes"]) == {"postgres-data", "redis-data", "app-keys"}
    assert any(v.startswith("postgres-data:") for v in SERVICES["db"]["volumes"])


def test_web_and_workers_share_the_web_push_keys_the_migration_makes():
    for name in ("migrate", "web", "worker", "beat"):
        assert "app-keys:/app/var" in SERVICES[name]["volumes"], name
    assert "python manage.py vapid_keys" in " ".join(command_words(SERVICES["migrate"]))


def test_the_web_command_serves_the_projects_asgi_application():
    words = command_words(SERVICES["web"])
    target = next(w for w in words if w.endswith(":application"))
    module, attribute = target.split(":")
    assert module == "focusweb.asgi"
    assert (ROOT / "focusweb" / "asgi.py").exists()
    assert "application =" in (ROOT / "focusweb" / "asgi.py").read_text()


def test_the_schema_is_migrated_once_before_any_web_worker_or_beat_starts():
    assert "python manage.py migrate --noinput" in " ".join(command_words(SERVICES["migrate"]))
    assert SERVICES["migrate"]["restart"] == "no"


def test_web_containers_run_web_concurrency_uvicorn_processes_and_publish_no_port():
    words = command_words(SERVICES["web"])

    # $$ is compose's escape for a $ that the container's shell expands.
    assert words[words.index("--workers") + 1] == "$${WEB_CONCURRENCY:-$$(nproc)}"
    assert "ports" not in SERVICES["web"], "with --scale web=N only the proxy may publish a port"


def test_the_proxy_publishes_the_port_and_spreads_requests_over_every_web_container():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()

    assert SERVICES["proxy"]["ports"] == ["8000:8000"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in SERVICES["proxy"]["volumes"]
    assert "dynamic a web 8000" in caddyfile


def test_worker_and_beat_use_the_projects_celery_app():
    for name in ("worker", "beat"):
        words = command_words(SERVICES[name])
        app_name = words[words.index("-A") + 1]
        module = importlib.import_module(app_name)
        assert module.celery_app.main == "focusweb"
    assert "worker" in command_words(SERVICES["worker"])
    assert "beat" in command_words(SERVICES["beat"])


def test_app_services_get_the_same_environment_variables_the_settings_read():
    env_example = (ROOT / ".env.example").read_text()
    settings_source = (ROOT / "focusweb" / "settings.py").read_text()
    for name in ("migrate", "web", "worker", "beat"):
        environment = SERVICES[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://redis:")
        for variable in environment:
            assert f'"{variable}"' in settings_source, variable
            assert f"{variable}=" in env_example, variable


def test_the_image_is_built_from_a_dockerfile_that_installs_the_pinned_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert SERVICES["web"]["build"] == "."
    assert "requirements.txt" in dockerfile
    assert "compilemessages" in dockerfile
