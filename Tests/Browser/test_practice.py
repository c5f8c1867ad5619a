"""Exercises and choice questions, as a reader uses them: type a right and a wrong answer and
read the feedback, open a hint, answer a choice question; without JavaScript the hints,
solutions and answer keys are <details> to open. Each check also runs on a page broken on
purpose."""

import re

import pytest

from conftest import replace_in

LESSON = "03-bias-correction.html"
QUIZ = "08b-week-2-quiz.html"


def feedback(page, exercise):
    return page.locator(f"#exercise-{exercise} .exercise-feedback").inner_text().strip()


def answer(page, exercise, text):
    section = page.locator(f"#exercise-{exercise}")
    section.locator("input").fill(text)
    section.locator("button[type=submit]").click()


def check_exercises(page):
    """v₃ for θ= 40, 49, 45 and β = 0.9 is 12.15; v̂₃ = 12.15/(1 − 0.9³) = 44.834."""
    assert page.locator("#exercise-v3 form.exercise-answer").is_visible()
    answer(page, "v3", "12.15")
    assert feedback(page, "v3") == "Right: the answer is 12.15."
    assert page.locator("#exercise-v3").get_attribute("data-state") == "right"
    answer(page, "v-hat-3", "12.15")  # the uncorrected value: wrong
    assert feedback(page, "v-hat-3").startswith("Not right yet")
    answer(page, "v-hat-3", "44.5")  # within 10 tolerances (0.5 % each): close
    assert feedback(page, "v-hat-3").startswith("Close")
    answer(page, "v-hat-3", "44.83")
    assert feedback(page, "v-hat-3").startswith("Right")
    answer(page, "v3", "twelve")
    assert feedback(page, "v3").startswith("Type a number")


def check_hints(page):
    """Hints are revealed one at a time by a button."""
    section = page.locator("#exercise-v3")
    hints = section.locator("details.hint")
    assert hints.count() == 2
    assert not hints.nth(0).is_visible() and not hints.nth(1).is_visible()
    button = section.locator(".hint-button")
    assert button.inner_text() == "Show a hint (1 of 2)"
    button.click()
    assert hints.nth(0).is_visible() and hints.nth(0).get_attribute("open") is not None
    assert "Start from" in hints.nth(0).inner_text()
    assert not hints.nth(1).is_visible()
    assert button.inner_text() == "Show a hint (2 of 2)"
    button.click()
    assert hints.nth(1).is_visible()
    assert section.locator(".hint-button").count() == 0


def check_choice(page):
    """One correct option of two: pick the wrong one, then the right one."""
    section = page.locator("#exercise-feed-back")
    explanations = section.locator(".choice-explanation")
    assert not explanations.nth(0).is_visible()
    assert not section.locator("details.choice-key").is_visible()
    options = section.locator(".choice-option input")
    options.nth(0).check()
    section.locator(".choice-actions button").click()
    assert section.get_attribute("data-state") == "wrong"
    assert explanations.nth(0).is_visible() and "course notes" in explanations.nth(0).inner_text()
    assert "is-correct" in section.locator(".choice-option").nth(1).get_attribute("class")
    options.nth(1).check()
    section.locator(".choice-actions button").click()
    assert section.get_attribute("data-state") == "right"
    assert section.locator(".exercise-feedback").inner_text() == "Right."


def check_progress(page):
    assert page.locator(".practice-progress").inner_text() == (
        "Practice on this page: 3 of 4 answered, 3 right.")


def test_exercises_hints_and_choices(open_page):
    page = open_page(LESSON)
    check_exercises(page)
    check_hints(page)
    check_choice(page)
    check_progress(page)
    # Progress is kept in localStorage: a reload remembers what was answered.
    page.reload()
    assert page.locator("#exercise-v3").get_attribute("data-state") == "right"
    check_progress(page)
    assert page.console_errors == []


def test_exercise_check_fails_when_the_answer_key_is_wrong(open_page, broken_copy):
    broken = broken_copy(lambda d: replace_in(
        d / LESSON, 'data-answer="12.149999999999999"', 'data-answer="12.5"'))
    with pytest.raises(AssertionError):
        check_exercises(open_page(LESSON, folder=broken))


def test_hint_check_fails_when_hints_all_show_at_once(open_page, broken_copy):
    broken = broken_copy(lambda d: replace_in(
        d / "lessons.js", 'hints.forEach(function (h) { h.hidden = true; });', ''))
    with pytest.raises(AssertionError):
        check_hints(open_page(LESSON, folder=broken))


def test_choice_check_fails_when_the_key_marks_the_wrong_option(open_page, broken_copy):
    def swap(folder):
        page = folder / LESSON
        text = page.read_text()
        start = text.index('id="exercise-feed-back"')
        head, tail = text[:start], text[start:]
        tail = tail.replace('data-correct="0"', 'data-correct="X"', 1)
        tail = tail.replace('data-correct="1"', 'data-correct="0"', 1)
        tail = tail.replace('data-correct="X"', 'data-correct="1"', 1)
        page.write_text(head + tail)
    with pytest.raises(AssertionError):
        check_choice(open_page(LESSON, folder=broken_copy(swap)))


def check_without_javascript(page):
    """No answer field; hints, the solution and the choice's key are <details> to open."""
    assert not page.locator("#exercise-v3 form.exercise-answer").is_visible()
    assert page.locator("#exercise-v3 details.hint").count() == 2
    solution = page.locator('details.solution[data-for="exercise-v3"]')
    assert solution.count() == 1, "the solution is not a <details>"
    assert solution.locator("summary").inner_text() == "Solution to Exercise 1"
    assert not solution.locator("p").is_visible()
    solution.locator("summary").click()
    assert solution.locator("p").is_visible()
    assert "12.15" in solution.locator("p").inner_text()  # the computed value, quoted
    key = page.locator("#exercise-feed-back details.choice-key")
    assert key.is_visible()
    key.locator("summary").click()
    assert "True: Nowhere" in key.inner_text()


def test_without_javascript_solutions_are_details(open_page):
    check_without_javascript(open_page(LESSON, javascript=False))


def test_no_javascript_check_fails_when_solutions_are_not_details(open_page, broken_copy):
    def flatten(folder):
        page = folder / LESSON
        text = page.read_text()
        text = re.sub(r'<details class="solution"([^>]*)>', r'<div class="solution"\1>', text)
        page.write_text(text)
    with pytest.raises(AssertionError):
        check_without_javascript(open_page(LESSON, folder=broken_copy(flatten), javascript=False))


def test_quiz_page_has_ten_questions_and_counts_answers(open_page):
    page = open_page(QUIZ)
    assert page.locator("section.practice").count() == 10
    assert page.locator(".practice-progress").inner_text() == (
        "Practice on this page: 0 of 10 answered, 0 right.")
    answer(page, "batches", "16")
    assert feedback(page, "batches").startswith("Right")
    answer(page, "v2", "7.5")
    assert page.locator(".practice-progress").inner_text() == (
        "Practice on this page: 2 of 10 answered, 2 right.")
    assert page.console_errors == []


@pytest.mark.parametrize("width,dark", [(1280, False), (1280, True), (390, False), (390, True)])
def test_practice_fits_phone_and_desktop(open_page, width, dark):
    """Nothing of an exercise sticks out of the page, in light and dark, on a phone too."""
    page = open_page(QUIZ, width=width, dark=dark)
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('section.practice, details.solution')]
             .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
             .map(e => e.id || e.className)""")
    assert overflow == []
