"""Which way of interpreting is suggested while booking."""

import datetime as dt

from lisko.appointments.modes import suggest_mode

HOUR = dt.timedelta(hours=1)
WEEK = dt.timedelta(days=7)


def suggest(**changes: object) -> tuple[str, str]:
    arguments: dict[str, object] = {
        "kind": "social_counselling",
        "lead_time": WEEK,
        "duration": HOUR,
        "heavy": False,
        "speakers_nearby": 3,
        "speakers_remote": 2,
    }
    arguments.update(changes)
    suggestion = suggest_mode(**arguments)  # type: ignore[arg-type]
    assert suggestion.reason
    return suggestion.modality, suggestion.reason_code


def test_an_ordinary_talk_is_on_site() -> None:
    assert suggest() == ("on_site", "default")


def test_an_urgent_talk_of_an_hour_is_by_phone() -> None:
    assert suggest(lead_time=dt.timedelta(hours=3)) == ("phone", "urgent_short")


def test_a_short_factual_talk_is_by_phone() -> None:
    assert suggest(duration=dt.timedelta(minutes=20)) == ("phone", "short_factual")


def test_a_heavy_talk_is_on_site_even_when_urgent() -> None:
    assert suggest(heavy=True, lead_time=HOUR) == ("on_site", "heavy")


def test_a_legal_talk_is_on_site() -> None:
    assert suggest(kind="legal", duration=dt.timedelta(minutes=20)) == ("on_site", "complex")


def test_a_talk_with_children_is_on_site() -> None:
    assert suggest(kind="school") == ("on_site", "with_children")


def test_a_long_talk_is_on_site() -> None:
    assert suggest(duration=2 * HOUR) == ("on_site", "long")


def test_without_a_speaker_nearby_a_remote_one_is_suggested_by_video() -> None:
    assert suggest(speakers_nearby=0, heavy=True) == ("video", "only_remote_speakers")


def test_without_a_speaker_nearby_a_short_talk_is_by_phone() -> None:
    assert suggest(speakers_nearby=0, duration=dt.timedelta(minutes=20)) == (
        "phone",
        "only_remote_speakers_short",
    )


def test_nobody_at_all_leaves_the_usual_suggestion() -> None:
    assert suggest(speakers_nearby=0, speakers_remote=0) == ("on_site", "default")
