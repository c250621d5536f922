"""The language of a page that declares none: guessed by CLD2 (pycld2) from its paragraphs."""
from __future__ import annotations

import pytest

from scraper.parser import parse

TEXTS = {
    "de": "Der Landesparteitag fand am Samstag in Kiel statt. Die Delegierten wählten einen neuen Vorstand "
          "und beschlossen das Programm für die kommende Wahl.",
    "fr": "Le conseil municipal a voté hier soir le budget de la ville pour l'année prochaine, après un long "
          "débat sur les transports et les écoles.",
    "es": "El ayuntamiento aprobó ayer el presupuesto de la ciudad para el próximo año tras un largo debate "
          "sobre el transporte y las escuelas.",
    "ru": "Городской совет вчера вечером утвердил бюджет города на следующий год после долгих споров о "
          "транспорте и школах.",
    "zh": "学会于今年三月在北京召开第十次全国会员代表大会，选举产生了新一届理事会和领导机构。",
    "en": "The city council approved the budget for next year last night after a long debate about "
          "transport and schools.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_undeclared_language_is_guessed(lang):
    html = f"<html><head><title>T</title></head><body><h1>News</h1><p>{TEXTS[lang]}</p></body></html>"
    assert parse(html, "https://example.org/a").language == lang


def test_declared_language_wins_and_too_little_text_gives_none():
    html = f'<html lang="pt-BR"><body><p>{TEXTS["es"]}</p></body></html>'
    assert parse(html, "https://example.org/a").language == "pt"
    assert parse("<html><body><p>OK 2024</p></body></html>", "https://example.org/a").language == ""
