"""The caseworker's page in a real browser (headless Chromium from the system packages, driven by Selenium through the
system chromedriver; nothing is downloaded): an interview from the first question to the recommendation, a step
back, and the letter. Screenshots are saved as test artifacts (STANDARDS_TEST_ARTIFACTS, default test-artifacts/)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("selenium")
pytest.importorskip("uvicorn")

from conftest import REPO  # noqa: E402
from live_server import start, stop  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs the system packages chromium and chromium-driver (.ci/run installs them)")

ARTIFACTS = Path(os.environ.get("STANDARDS_TEST_ARTIFACTS", REPO / "test-artifacts"))

# How the caseworker answers, by fact: the citizen of examples/aflastning-120-doegn.yaml. Anything else: "Ved ikke".
ANSWERS = {"age": "2001-04-17", "birth_date": "2001-04-17", "significant_mental_impairment": "Ja",
           "significant_physical_impairment": "Nej", "special_social_problems": "Nej",
           "living_situation": "hjemme hos familie", "relatives_primary_caregivers": "Ja",
           "relief_necessary_to_stay_home": "Ja", "needs_can_be_met_otherwise": "Nej",
           "requested_relief_nights_per_year": "120"}


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-extensions", "--disable-sync", "--no-first-run",
                 "--disable-default-apps", "--disable-component-update", "--window-size=1100,1400", "--lang=da-DK",
                 "--force-device-scale-factor=1"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server():
    proc, port = start()
    yield f"http://127.0.0.1:{port}"
    stop(proc)


def shot(driver, name: str) -> Path:
    """The whole page, as a reader scrolls it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1100, max(900, min(height + 120, 6000)))
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    driver.set_window_size(1100, 1400)
    return path


def submit(driver, button) -> None:
    """Click a button that posts a form, and wait for the next page (a loaded machine may take its time).
    The old page is marked by a script variable the new one does not have (an element's staleness is not
    reliable in chromedriver while the page is being replaced)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    driver.execute_script("window.__oldPage = true;")
    button.click()

    def loaded(d) -> bool:
        try:
            return bool(d.execute_script("return !window.__oldPage && document.readyState === 'complete';"))
        except WebDriverException:
            return False
    WebDriverWait(driver, 60, poll_frequency=0.1, ignored_exceptions=(WebDriverException,)).until(loaded)


def answer(driver, fact: str) -> None:
    from selenium.webdriver.common.by import By
    given = ANSWERS.get(fact)
    form = driver.find_element(By.CSS_SELECTOR, "form.card")
    if given is None:
        submit(driver, form.find_element(By.CSS_SELECTOR, "button[value=unknown]"))
        return
    radios = form.find_elements(By.CSS_SELECTOR, "input[type=radio]")
    if radios:
        label = next(lab for lab in form.find_elements(By.CSS_SELECTOR, "label.option")
                     if lab.text.strip().lower().startswith(given.lower()))
        label.click()  # the label, as a person clicks it: proves each option is labelled
    else:
        box = form.find_element(By.ID, "answer")
        box.clear()
        box.send_keys(given)
    submit(driver, form.find_element(By.CSS_SELECTOR, "button[value=answer]"))


def test_an_interview_to_a_recommendation_and_the_letter(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    d = browser
    d.get(server + "/")
    assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "da"
    Select(d.find_element(By.ID, "choice")).select_by_value("ishoj/sel-107-aflastning")
    date = d.find_element(By.ID, "date")
    date.clear()
    date.send_keys("2025-03-01")
    shot(d, "01-start.png")
    submit(d, d.find_element(By.CSS_SELECTOR, "button.primary"))

    # A wrong answer is asked again with the reason; the page does not break.
    first = d.find_element(By.NAME, "fact").get_attribute("value")
    if d.find_elements(By.ID, "answer"):
        d.find_element(By.ID, "answer").send_keys("mange")
        submit(d, d.find_element(By.CSS_SELECTOR, "button[value=answer]"))
        assert d.find_element(By.CSS_SELECTOR, "[role=alert]").text
        assert d.find_element(By.NAME, "fact").get_attribute("value") == first

    asked, went_back = [], False
    for _ in range(25):
        if d.find_elements(By.CSS_SELECTOR, "h1.outcome"):
            break
        fact = d.find_element(By.NAME, "fact").get_attribute("value")
        if len(asked) == 2 and not went_back:  # "Tilbage" takes the last answer away and asks it again
            shot(d, "02-question.png")
            submit(d, d.find_element(By.CSS_SELECTOR, "button[value=back]"))
            assert d.find_element(By.NAME, "fact").get_attribute("value") == asked[-1]
            asked.pop()
            went_back = True
            continue
        asked.append(fact)
        answer(d, fact)
    heading = d.find_element(By.CSS_SELECTOR, "h1.outcome").text
    assert "Anbefaling" in heading and ("delvis bevilling" in heading or "bevilling anbefales" in heading), heading
    body = d.find_element(By.TAG_NAME, "main").text
    assert "Afgørende regler" in body and "Det skal borgeren have at vide" in body and "Klage" in body
    assert "»" in body  # the standard's own words are quoted
    shot(d, "03-recommendation.png")

    dd = d.find_element(By.ID, "decision_date")
    dd.clear()
    dd.send_keys("2025-03-03")
    submit(d, d.find_element(By.CSS_SELECTOR, "form[action='/letter'] button.primary"))
    letter = d.find_element(By.CSS_SELECTOR, "article.letter").text
    assert "Udkast" in letter and "klage" in letter.lower()
    md = d.find_element(By.ID, "letter-md").get_attribute("value")
    assert md.startswith("#") or "Udkast" in md
    copy = d.find_element(By.CSS_SELECTOR, "button[data-copy]")
    assert copy.text == "Kopiér teksten"
    shot(d, "04-letter.png")


def test_the_page_in_english(browser, server):
    from selenium.webdriver.common.by import By
    d = browser
    d.get(server + "/?lang=en")
    assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    submit(d, d.find_element(By.CSS_SELECTOR, "button.primary"))
    assert d.find_element(By.CSS_SELECTOR, "legend.question, label.question").text.endswith("?")
    assert "Question 1" in d.find_element(By.TAG_NAME, "h1").text
    shot(d, "05-question-english.png")
    submit(d, d.find_element(By.CSS_SELECTOR, "button.switch"))  # and back to Danish, where it stood
    assert "Spørgsmål 1" in d.find_element(By.TAG_NAME, "h1").text
