"""The import's language guess, and analysis saying plainly when it is not English."""

from __future__ import annotations

import pytest

from greenroom import formats
from greenroom.analyze import analyze
from greenroom.language import guess_language, is_english
from greenroom.publish.report import render_report

SPANISH = """Dana Reyes: Bienvenidos. Hoy estoy con Tomás Hale. ¿Cómo fue tu primer día en el rodaje?
Tomás Hale: Fue muy difícil. Llegué tarde, llovía y el director me gritó delante de todo el equipo. Esto es \
extraoficial, pero casi renuncio ese día. No publiques eso.
Dana Reyes: ¿Es verdad que tu matrimonio se rompió durante el rodaje?
Tomás Hale: Prefiero no hablar de eso. Lo que sí puedo decir es que el vino de la región me salvó.
Dana Reyes: ¿Qué esperas que el público sienta?
Tomás Hale: Que el silencio no es vacío. Que escuchar también es actuar.
"""
ENGLISH = """Dana Reyes: Welcome back. Tell me about the first time you read the script.
Tom Hale: I read it on a train, actually. I missed my stop because of the last ten pages, and I ended up two \
towns over, sitting on a bench, just staring at the sea. That's when I knew I had to play him.
Dana Reyes: What was the hardest scene to shoot?
Tom Hale: The storm night. We shot it over three nights with rain machines, and by the third night nobody was \
acting cold anymore. The secret is that the fear is real, and we all felt it.
"""
FRENCH = ("Je suis arrivé en retard le premier jour et le réalisateur m'a crié dessus devant toute l'équipe. "
          "C'est une histoire que je raconte souvent, mais je ne sais pas si elle est vraie. On a tourné la scène "
          "de la tempête pendant trois nuits et il faisait très froid, mais nous étions heureux avec le chef.")


@pytest.mark.parametrize(("text", "language"), [(SPANISH, "es"), (ENGLISH, "en"), (FRENCH, "fr"),
                                                ("Thanks. Bye.", None), ("Gracias, hasta luego.", None)])
def test_the_language_is_guessed_only_when_the_words_tell(text: str, language: str | None) -> None:
    assert guess_language(text) == language


def test_an_import_records_the_guess_and_keeps_a_stated_language() -> None:
    assert formats.parse(SPANISH, "es.txt", "text").language == "es"
    assert formats.parse(ENGLISH, "en.txt", "text").language == "en"
    assert is_english(None) and is_english("en-GB") and not is_english("es")


def test_a_spanish_interview_says_the_analyzers_read_english() -> None:
    """Not analysed silently as English: the coaching verdicts and the report say
    it is Spanish and that flags (off the record too) must be checked by hand."""
    iv = analyze(formats.parse(SPANISH, "es.txt", "text"))
    assert iv.metrics is not None and "Spanish interview" in iv.metrics.verdicts[-1]
    page = render_report(iv)
    assert 'class="warning"' in page and "is in Spanish" in page
    english = analyze(formats.parse(ENGLISH, "en.txt", "text"))
    assert 'class="warning"' not in render_report(english)
