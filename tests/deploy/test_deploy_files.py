"""The Dockerfile, .dockerignore and Procfile say what they should, and their commands run.

There is no Docker engine here: the Dockerfile is parsed, and the commands the
image and Heroku would run are run for real with the project's virtualenv.
"""

from __future__ import annotations

import fnmatch
import json
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from songwish.cli import build_parser
from tests.scale.processes import SampleIndex, SongWishInstance, base_env, free_port

ROOT = Path(__file__).resolve().parents[2]
PORT_DEFAULT = "${PORT:-8000}"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    argument: str
    stage: int


def dockerfile() -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped, by build stage."""
    text = (ROOT / "Dockerfile").read_text()
    instructions: list[Instruction] = []
    stage = -1
    for line in text.replace("\\\n", " ").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        keyword, _, argument = line.strip().partition(" ")
        stage += keyword.upper() == "FROM"
        instructions.append(Instruction(keyword.upper(), " ".join(argument.split()), stage))
    return instructions


def final_stage() -> list[Instruction]:
    instructions = dockerfile()
    last = instructions[-1].stage
    return [i for i in instructions if i.stage == last]


def exec_form(argument: str) -> list[str]:
    return json.loads(argument) if argument.startswith("[") else ["sh", "-c", argument]


def shell_command(argument: str) -> str:
    """The shell text a CMD/HEALTHCHECK runs (`sh -c "..."` exec forms unwrapped)."""
    argv = exec_form(argument)
    assert argv[:2] == ["sh", "-c"], argv
    return argv[2]


MODULE_FORM = ["python", "-m", "songwish.cli"]


def songwish_commands(shell_text: str) -> list[list[str]]:
    """The arguments of each `songwish ...` or `python -m songwish.cli ...` of a shell line."""
    commands = []
    for part in shell_text.split("&&"):
        words = shlex.split(part.replace(PORT_DEFAULT, "8000").replace("$PORT", "8000"))
        if words and words[0] == "exec":
            words = words[1:]
        if words[:3] == MODULE_FORM:
            commands.append(words[3:])
        elif words and words[0] == "songwish":
            commands.append(words[1:])
    return commands


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if line.strip())


def dockerignored(path: str) -> bool:
    patterns = [
        p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines()
        if p.strip() and not p.startswith("#")
    ]  # fmt: skip
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").removeprefix("**/")
        parts = Path(path).parts
        hit = any(
            fnmatch.fnmatch("/".join(parts[: n + 1]), pattern) or fnmatch.fnmatch(parts[n], pattern)
            for n in range(len(parts))
        )
        if hit:
            ignored = not negate
    return ignored


# --- the Dockerfile ------------------------------------------------------------------


def test_the_image_is_multi_stage_slim_and_runs_as_a_non_root_user():
    instructions = dockerfile()
    stages = [i for i in instructions if i.keyword == "FROM"]
    assert len(stages) >= 2 and all(" AS " in s.argument.upper() for s in stages)
    bases = [i.argument for i in instructions if i.keyword == "ARG" and "slim" in i.argument]
    assert bases, "the base image is a slim Python"
    users = [i.argument for i in final_stage() if i.keyword == "USER"]
    assert users and users[-1] not in ("root", "0")


def test_dependencies_come_from_the_lock_then_the_project_without_deps():
    runs = [i.argument for i in dockerfile() if i.keyword == "RUN"]
    lock = next(n for n, run in enumerate(runs) if "-c requirements.lock" in run)
    project = next(n for n, run in enumerate(runs) if "--no-deps" in run)
    assert lock < project


def test_the_catalogue_index_is_built_at_image_build_time_where_the_runtime_reads_it():
    build_runs = [
        i for i in dockerfile() if i.keyword == "RUN" and "songwish catalog build" in i.argument
    ]
    assert build_runs, "the index is built by a RUN step"
    env = " ".join(i.argument for i in dockerfile() if i.keyword == "ENV")
    runtime_env = " ".join(i.argument for i in final_stage() if i.keyword == "ENV")
    assert "CHROMA_PATH=/app/index" in env and "CHROMA_PATH=/app/index" in runtime_env


def test_the_container_serves_on_port_and_checks_healthz():
    final = final_stage()
    command = shell_command(next(i.argument for i in final if i.keyword == "CMD"))
    assert command.startswith("exec songwish serve")  # PID 1 gets SIGTERM
    assert f"--port {PORT_DEFAULT}" in command and "--host 0.0.0.0" in command
    health = next(i.argument for i in final if i.keyword == "HEALTHCHECK")
    assert "/healthz" in health and "PORT" in health


def test_the_build_context_keeps_what_the_app_needs_and_nothing_secret():
    needed = ["pyproject.toml", "requirements.lock", "README.md", "app.py", "chainlit.md",
              ".chainlit/config.toml", "songwish/cli.py", "web/app.py", "store/models.py",
              "knowledge/data/catalog/books.jsonl", "agents/graph.py", "commerce/service.py",
              "tools/catalog.py"]  # fmt: skip
    missing = [path for path in needed if not (ROOT / path).exists()]
    assert missing == []
    assert [path for path in needed if dockerignored(path)] == []
    for private in [".env", ".venv/bin/python", "var/songwish.db", ".git/HEAD",
                    "tests/conftest.py", "web/__pycache__/app.cpython-311.pyc"]:  # fmt: skip
        assert dockerignored(private), private


def test_copy_sources_exist():
    for instruction in dockerfile():
        if instruction.keyword == "COPY" and "--from" not in instruction.argument:
            *sources, _destination = instruction.argument.split()
            for source in sources:
                assert (ROOT / source).exists(), source


# --- commands: the image's and Heroku's --------------------------------------------------


def all_songwish_commands() -> list[list[str]]:
    lines = [i.argument for i in dockerfile() if i.keyword == "RUN"]
    lines.append(shell_command(next(i.argument for i in final_stage() if i.keyword == "CMD")))
    lines += procfile().values()
    return [command for line in lines for command in songwish_commands(line)]


def test_every_songwish_command_of_the_image_and_the_procfile_exists():
    commands = all_songwish_commands()
    assert len(commands) >= 5
    for argv in commands:
        build_parser().parse_args(argv)  # exits on an unknown command or option


def test_procfile_has_web_and_a_release_phase_for_migrations_and_the_index():
    processes = procfile()
    assert set(processes) == {"web", "release"}
    # The module form imports the app from the slug's working directory (/app), where
    # app.py lives, whether or not the buildpack installed the project as a package.
    assert all(line.split()[:3] == MODULE_FORM for line in processes.values())
    assert "--port $PORT" in processes["web"] and "--host 0.0.0.0" in processes["web"]
    release = songwish_commands(processes["release"])
    assert ["db", "upgrade"] in release and ["catalog", "build"] in release


@pytest.fixture
def deploy_env(tmp_path: Path, sample: SampleIndex) -> dict[str, str]:
    """What a fresh container or dyno has: an empty data dir, the test's small catalogue."""
    return {
        **base_env(),
        "SONGWISH_DATA_DIR": str(tmp_path / "data"),
        "CHROMA_PATH": str(sample.copy_to(tmp_path / "index")),
        "CATALOG_DIR": str(sample.catalog_dir),
    }


def run_shell(text: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", text], env=env, cwd=cwd, capture_output=True, text=True, timeout=180
    )


@pytest.mark.slow
def test_the_release_phase_and_the_web_command_run(deploy_env):
    processes = procfile()
    # Heroku runs both from the slug's root, the repository's root here.
    release = run_shell(processes["release"], deploy_env, ROOT)
    assert release.returncode == 0, release.stderr
    assert "catalogue index" in release.stdout
    web = run_shell(processes["web"].strip() + " --check", {**deploy_env, "PORT": "0"}, ROOT)
    assert web.returncode == 0, web.stderr
    assert "ready" in web.stdout


@pytest.mark.slow
def test_the_image_command_serves_and_its_healthcheck_passes_then_fails(deploy_env, tmp_path):
    port = free_port()
    env = {**deploy_env, "PORT": str(port)}
    command = shell_command(next(i.argument for i in final_stage() if i.keyword == "CMD"))
    health = next(i.argument for i in final_stage() if i.keyword == "HEALTHCHECK")
    health_command = health.split(" CMD ", 1)[1]
    # Loopback only in tests: the image binds every interface.
    server = SongWishInstance(tmp_path / "data", {}, port=port)
    server.argv = ["sh", "-c", command.replace("0.0.0.0", "127.0.0.1")]
    server.env = env
    with server:
        probe = run_shell(health_command, env, tmp_path)
        assert probe.returncode == 0, probe.stderr
    probe = run_shell(health_command, env, tmp_path)
    assert probe.returncode != 0  # nothing answers: Docker marks the container unhealthy


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    env = {**base_env(), "IS_PRODUCTION": "true", "SONGWISH_DATA_DIR": str(tmp_path / "d")}
    answer = run_shell("songwish serve --check", env, tmp_path)
    assert answer.returncode == 2
    for name in ("SECRET_KEY", "DATABASE_URL", "FASTSPRING_WEBHOOK_SECRET", "AUTH0_AUDIENCE"):
        assert name in answer.stderr
    assert not (tmp_path / "d" / "songwish.db").exists()  # refused before touching anything
