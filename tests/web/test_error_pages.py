"""What a person sees at an address that does not exist: the site's page, in their language."""

from django.test import Client as HttpClient


def test_an_unknown_page_answers_404_with_a_page_in_the_readers_language(db: None) -> None:
    response = HttpClient(HTTP_ACCEPT_LANGUAGE="de").get("/no-such-page/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    assert "Zurück zur Startseite" in response.content.decode()


def test_an_unknown_page_under_the_api_answers_in_the_apis_error_shape(db: None) -> None:
    response = HttpClient(HTTP_ACCEPT_LANGUAGE="de").get("/api/no-such-thing/")

    assert response.json() == {"error": {"code": "not_found", "message": "Nicht gefunden."}}
