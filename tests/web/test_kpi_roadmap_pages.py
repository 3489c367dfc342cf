"""KPIs and the roadmap (issue 15, §5): the KPI page says what is computed and what is typed;
the roadmap tab folds its stages."""

from __future__ import annotations

import re


def test_kpi_page_explains_computed_and_hand_entered_indicators(client, demo_id):
    page = client.get(f"/registry/dossiers/{demo_id}/kpi").get_data(as_text=True)
    explained = page.split('class="card kpi-explained"')[1].split("</details>")[0]
    assert "Какие показатели docgen считает сам, а какие вводятся вручную" in explained
    assert re.search(
        r"Доля молодых специалистов в роли наставляемого, % — рассчитывается из пар досье", explained
    )
    assert "удовлетворённость" in explained.lower() and "вводится вручную" in explained


def test_roadmap_stages_are_folded_unless_they_need_attention(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/roadmap").get_data(as_text=True)
    folds = re.findall(r'<details class="stage-fold"( open)?>\s*<summary>([^<]*)</summary>', page)
    saved = [f for f in folds if "Новый этап" not in f[1]]
    assert saved and all(not is_open for is_open, _title in saved)  # saved stages fold
    assert any(is_open for is_open, title in folds if "Новый этап" in title)  # the new-row template is open
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()
    data["data"]["roadmap"]["stages"][0]["events"] = []
    client.put(f"/api/v1/dossiers/{demo_id}", json={"data": data["data"], "revision": data["revision"]})
    checked = client.get(f"/dossiers/{demo_id}/roadmap?check=1").get_data(as_text=True)
    first = re.search(r'<details class="stage-fold"( open)?>', checked)
    assert first.group(1) == " open"  # the stage with an error opens


def test_the_kpi_tab_offers_the_measure_to_compute(client, demo_id):
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()
    indicator = {"name": "Новые кадры, %", "measure": "young_teacher_mentees"}
    data["data"]["kpis"] = {"baseline_year": 2022, "target_year": 2023, "indicators": [indicator]}
    client.put(f"/api/v1/dossiers/{demo_id}", json={"data": data["data"], "revision": data["revision"]})
    page = client.get(f"/dossiers/{demo_id}/kpis").get_data(as_text=True)
    assert '<label for="f-kpis-indicators-0-measure">Что считать</label>' in page
    assert (
        '<option value="young_teacher_mentees" selected>Доля молодых специалистов в роли наставляемого'
        in page
    )
    kpi = client.get(f"/registry/dossiers/{demo_id}/kpi").get_data(as_text=True)
    assert "по полю «Что считать»" in kpi
