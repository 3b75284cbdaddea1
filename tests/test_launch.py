"""`mapper app` carries the project's Streamlit settings wherever it is started from."""

from __future__ import annotations

from pathlib import Path

from mapper.dashboard.launch import config_flags, streamlit_command
from mapper.paths import dashboard_config, dashboard_script


def test_project_settings_become_flags() -> None:
    flags = config_flags(dashboard_config())
    assert "--browser.gatherUsageStats=false" in flags  # nothing leaves the machine


def test_flags_from_a_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[server]\nport = 9999\nheadless = true\n[theme]\nbase = "dark"\n'
                      '[client]\nlist = ["a"]\n', encoding="utf-8")
    assert config_flags(config) == ["--server.port=9999", "--server.headless=true",
                                    "--theme.base=dark"]
    assert config_flags(tmp_path / "missing.toml") == []


def test_command_runs_the_dashboard_script_on_the_chosen_port(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[server]\nport = 9999\n", encoding="utf-8")
    command = streamlit_command("python", dashboard_script(), config, 8600)
    assert command[:5] == ["python", "-m", "streamlit", "run", str(dashboard_script())]
    assert [a for a in command if a.startswith("--server.port")] == ["--server.port=8600"]
    assert dashboard_script().is_file()
