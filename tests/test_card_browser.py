"""Report cards rendered by a real browser: Debian's Chromium, headless, driven by selenium
(scripts/test-setup.sh installs chromium and chromium-driver; nothing is downloaded). The page
logs no console error, its Chinese is drawn with the embedded font, and the figures it shows are
the analyses' results."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure._fonts import EMBEDDED_FAMILY
from luzhou_disclosure._numbers import round_half_up

pytestmark = pytest.mark.slow  # a headless browser opens the cards

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.fail("Chromium or chromium-driver is missing: run `bash scripts/test-setup.sh`")
    os.environ["SE_OFFLINE"] = "true"  # selenium must not look for a driver to download
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1200,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def open_page(driver, path: Path) -> None:
    driver.get(path.as_uri())
    driver.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1]);")


def console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def system_has_cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30)
    except OSError:
        return False
    return bool(out.stdout.strip())


def test_the_card_renders_without_console_errors(browser, seed_card_file, tmp_path):
    open_page(browser, seed_card_file)
    assert console_errors(browser) == []
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1200, min(height + 50, 6000))
    png = tmp_path / "seed_card.png"
    assert browser.save_screenshot(str(png))
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, tall = struct.unpack(">II", head[16:24])
    assert width >= 1000 and tall > 2000  # the whole page: figures, indicators, 4 charts, checks
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth]);"
    )
    assert len(images) == 4 and all(done and w > 0 for done, w in images)  # every chart decoded


def test_chinese_is_drawn_with_the_embedded_font(browser, seed_card_file):
    open_page(browser, seed_card_file)
    faces = browser.execute_script(
        "var f = []; document.fonts.forEach(x => f.push([x.family.replace(/\"/g, ''), x.status]));"
        "return f;"
    )
    assert faces == [[EMBEDDED_FAMILY, "loaded"]]
    assert browser.execute_script(
        f"return document.fonts.check('20px \"{EMBEDDED_FAMILY}\"', '泸州市统计局报告卡');"
    )
    # the probe holds the agency's name at 20px: Noto Sans CJK draws every ideograph 1 em wide
    probe = browser.execute_script(
        "var p = document.getElementById('cjk-probe');"
        "return [p.textContent, p.getBoundingClientRect().width,"
        " getComputedStyle(p).fontFamily];"
    )
    assert probe[0] == "泸州市统计局" and probe[1] == pytest.approx(6 * 20, abs=0.5)
    assert probe[2].startswith(f'"{EMBEDDED_FAMILY}"')
    if not system_has_cjk_font():
        # without the embedded font this machine has no glyph for them: boxes of another width
        fallback = browser.execute_script(
            "var c = document.createElement('canvas').getContext('2d');"
            "c.font = '20px serif'; return c.measureText('泸州市统计局').width;"
        )
        assert abs(fallback - 120) > 10


def test_the_figures_shown_are_the_analyses(browser, seed_card_file):
    open_page(browser, seed_card_file)
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('td.now[data-indicator]'))"
        ".map(td => [td.dataset.indicator, td.dataset.value, td.innerText.trim()]);"
    )
    table = ld.indicators(ld.load_example(), year=2017).set_index("indicator")
    assert [code for code, _, _ in shown] == list(table.index)
    for code, value, text in shown:
        expected = table.loc[code, "value"]
        if pd.isna(expected):
            assert (value, text) == ("", "—")
        else:
            unit = "%" if table.loc[code, "unit"] == "pct" else ""
            assert float(value) == float(expected)
            assert text == f"{round_half_up(float(expected), 2):.2f}{unit}"
    figures = dict(
        browser.execute_script(
            "return Array.from(document.querySelectorAll('td.now[data-item]'))"
            ".map(td => [td.dataset.item, td.innerText.trim()]);"
        )
    )
    # stated in the seed: 811 proactively disclosed (line 9), 246 received and answered (line 17)
    assert (figures["proactive"], figures["received"], figures["answered"]) == ("811", "246", "246")
    title = browser.execute_script(
        "return document.querySelector('td.now[data-item=\"received\"]').title;"
    )
    assert title.startswith("000_9011374d10fa4802.txt:17")  # the source, on hover


def test_the_index_sorts_by_any_column(browser, tmp_path, card_batch):
    records = card_batch(("甲局", 30, 40), ("乙局", 9, 30), ("丙局", 18, 20))
    index = ld.report_cards(records, tmp_path, charts=False)[0]
    open_page(browser, index)
    assert console_errors(browser) == []

    def order() -> list[str]:
        return browser.execute_script(
            "return Array.from(document.querySelectorAll('#cards tbody tr'))"
            ".map(r => r.cells[0].innerText.trim());"
        )

    header = browser.find_elements("css selector", "#cards thead th")[2]  # 公开率
    header.click()  # ascending: 乙 30 %, 甲 75 %, 丙 90 % (by hand)
    assert order() == ["乙局", "甲局", "丙局"]
    header.click()
    assert order() == ["丙局", "甲局", "乙局"]
    browser.find_element("link text", "甲局").click()
    assert browser.current_url.endswith("%E7%94%B2%E5%B1%80_2021.html")  # 甲局_2021.html
    assert console_errors(browser) == []
