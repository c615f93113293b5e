"""The narrative's own arithmetic (GK-PARTS): a total the text gives against the parts it lists.

The sentences are written for these tests (no real report's sentence is copied); a list is
judged only when it claims to be complete (it ends with a residual 「其他…」 item).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import PartsStatement, chinese_numeral, parts_statements

from gkstats import Table, check
from gkstats.narrative import check_narrative
from gkstats.narrative._arithmetic import check_parts, statements
from gkstats.rules import RuleKind, Severity, default_rules

RULE = next(r for r in default_rules("f2021").rules if r.id == "GK-PARTS")
TABLE = Table.from_cells("f2021", 2025, "测试局", {})


def warnings(text: str) -> list[tuple[int, int, str]]:
    """(total, sum of parts, message) of each GK-PARTS finding."""
    _, _, found = check_parts(text, RULE)
    return [(int(f.lhs or 0), int(f.rhs or 0), f.message.zh) for f in found]


def test_the_rule_is_in_every_catalogue() -> None:
    for fmt in ("legacy", "f2019", "f2021"):
        rule = next(r for r in default_rules(fmt).rules if r.id == "GK-PARTS")
        assert (rule.kind, rule.severity, rule.cells) == (RuleKind.TEXT_SUM, Severity.WARNING, ())


def test_a_complete_list_that_falls_short_is_reported_with_both_figures() -> None:
    text = (
        "本年度共发布政务信息1200条（其中工作动态400条，通知公告300条，政策文件180条，"
        "人事信息90条，其他信息200条），主要通过门户网站发布。"
    )
    ((total, parts, message),) = warnings(text)
    assert (total, parts) == (1200, 1170)
    assert "共发布政务信息1200条" in message and "其他信息200条" in message
    said = "称共 1200 条，所列各项之和为 1170 条（400 + 300 + 180 + 90 + 200），相差 30 条"
    assert said in message


def test_chinese_numerals_and_semicolons() -> None:
    text = "全年共收到群众留言二十条，其中：咨询类八条；建议类七条；其他类四条。"
    assert [(t, p) for t, p, _ in warnings(text)] == [(20, 19)]
    assert warnings(text.replace("四条", "五条")) == []


def test_respectively_with_a_residual_name() -> None:
    text = "共办理审批事项30件，其中许可类、备案类和其他类事项分别为12件、10件、7件。"
    assert [(t, p) for t, p, _ in warnings(text)] == [(30, 29)]
    assert warnings(text.replace("7件", "8件")) == []


def test_including_with_a_residual_part() -> None:
    text = "共公开财政信息500条，包括部门预算100条、部门决算50条和其他财政信息340条。"
    assert [(t, p) for t, p, _ in warnings(text)] == [(500, 490)]


def test_a_later_list_in_the_sentence_is_its_own() -> None:
    text = (
        "共公开信息1200条，其中工作动态400条，其他信息700条；"
        "共收到申请75件，其中自然人70件、法人5件。"
    )
    assert [(t, p) for t, p, _ in warnings(text)] == [(1200, 1100)]
    assert check_parts(text, RULE)[:2] == (2, 1)


def test_a_list_more_than_the_total_is_reported_too() -> None:
    text = "共公开信息100条，其中工作动态60条，通知公告30条，其他信息20条。"
    assert [(t, p) for t, p, _ in warnings(text)] == [(100, 110)]


def test_channels_may_carry_one_item_twice_but_not_miss_one() -> None:
    """The same item published on the website and on WeChat counts once in the total."""
    text = "共公开信息100条，其中网站发布90条，微信发布30条，其他方式发布20条。"
    assert warnings(text) == []
    text = "共公开信息100条，其中网站发布50条，微信发布30条，其他方式发布10条。"
    assert [(t, p) for t, p, _ in warnings(text)] == [(100, 90)]


@pytest.mark.parametrize(
    "text",
    [
        # only some categories: 「其中」 is a subset
        "共公开信息1200条，其中工作动态400条、通知公告300条。",
        # examples, not a breakdown
        "共公开信息1200条，主要包括工作动态400条、通知公告300条、其他信息200条。",
        "共公开信息1200条，包括但不限于工作动态400条、其他信息200条。",
        "共公开信息1200条，其中工作动态400条、通知公告300条、其他信息200条等。",
        # the table's own categories that begin with 其他 are not a residual
        "办结申请148件，其中予以公开33件、部分公开38件、其他处理11件。",
        "行政复议36件，其中结果维持25件、结果纠正3件、其他结果6件。",
        "收到申请154件，其中自然人151件、其他2件。",
        # a nested list, approximate or scaled figures, shares, ranks
        "共公开信息1200条，其中工作动态400条（其中图片新闻100条），其中通知300条，其他信息200条。",
        "共公开信息1200余条，其中工作动态400条、其他信息200条。",
        "共公开信息1200条，其中工作动态400余条、其他信息200条。",
        "共公开信息1.2万条，其中工作动态4000条、其他信息2000条。",
        "共公开信息1200条，其中工作动态400条、政策1.5万条、其他信息200条。",
        "共公开信息1200条，其中工作动态占40%、其他信息占20%。",
        "共召开会议12次，其中第3次会议审议文件4件、其他会议8次。",
        # parts in another unit, money, years
        "共公开信息1200条，其中工作动态400件、其他信息200条。",
        "共支出经费50万元，其中培训经费20万元，其他经费20万元。",
        # a comparison, a word holding a numeral
        "共公开信息1200条，其中同比增加400条、其他信息200条。",
        "共办理事项300件，其中“一件事一次办”50件、其他事项200件。",
        # the list goes on into another statement
        "共收到申请75件，其中自然人70件，法人3件；办结70件，其余的5件结转下年度。",
        "共收到申请75件，其中自然人70件，法人3件，办结70件，其余申请5件。",
        # the figure before the marker closes a list of figures: the parts may be of them all
        "全年办理代表建议45件、委员提案60件，其中主办20件，其他协办85件。",
        "全年办理代表建议45件和委员提案60件，其中主办20件，其他协办85件。",
    ],
)
def test_what_is_not_a_complete_breakdown_is_left_alone(text: str) -> None:
    assert warnings(text) == []


def test_lists_that_add_up_are_passes() -> None:
    text = (
        "今年共发布财政信息380条，其中专项资金152条，预决算197条（政府预决算32条、部门预决算"
        "165条）、三公经费27条、债券发行4条。被提起行政诉讼9件，其中未经复议直接起诉6件、"
        "复议后起诉3件；诉讼结果维持6件、结果纠正3件。截至2025年12月31日共公开信息1200条，"
        "其中2025年1月1日以后公开400条、其他信息800条。"
    )
    assert check_parts(text, RULE)[:2] == (3, 3)
    assert warnings(text) == []


def test_check_runs_it_on_the_tables_own_text() -> None:
    table = TABLE.replace(narrative={"overview": "全年共发布信息10条，其中通知4条，其他信息5条。"})
    result = check(table)
    (finding,) = result.by_rule("GK-PARTS")
    assert (finding.lhs, finding.rhs, finding.imbalance, finding.cells) == (10, 9, 1, ())
    summary = next(s for s in result.summary if s.rule == "GK-PARTS")
    assert (summary.items, summary.fails) == (1, 1)
    assert check(table, disable=["GK-PARTS"]).by_rule("GK-PARTS") == ()


def test_check_narrative_gives_a_summary_per_rule() -> None:
    summaries, findings = check_narrative(TABLE, "全年共发布信息10条，其中通知4条，其他信息5条。")
    assert [s.rule for s in summaries] == ["F21-14", "GK-PARTS"]
    assert [f.rule for f in findings] == ["GK-PARTS"]


# --- properties ---------------------------------------------------------------------------


@given(parts_statements())
def test_a_complete_list_that_adds_up_never_warns(made: PartsStatement) -> None:
    (found,) = statements(made.text)
    assert (found.total, found.parts, found.complete) == (made.total, made.parts, True)
    assert check_parts(made.text, RULE) == (1, 1, [])


@given(parts_statements(), st.data())
def test_one_part_changed_always_warns(made: PartsStatement, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(made.parts) - 1))
    new = data.draw(st.integers(0, 3000).filter(lambda n: n != made.parts[k]))
    changed = _replace_part(made, k, new)
    items, passes, found = check_parts(changed, RULE)
    assert (items, passes) == (1, 0), changed
    assert [(f.lhs, f.rhs) for f in found] == [(made.total, made.total - made.parts[k] + new)]


@given(parts_statements(complete=False), st.data())
def test_a_list_without_a_residual_part_never_warns(
    made: PartsStatement, data: st.DataObject
) -> None:
    k = data.draw(st.integers(0, len(made.parts) - 1))
    changed = _replace_part(made, k, made.parts[k] + data.draw(st.integers(1, 50)))
    assert warnings(changed) == []


def _replace_part(made: PartsStatement, k: int, new: int) -> str:
    """The statement with its k-th part written as ``new`` (in the numerals it uses)."""
    from gkstats.narrative._mentions import NUMBER

    head, rest = made.text.split("，", 1)
    figure = list(NUMBER.finditer(rest))[k]
    written = str(new) if figure.group("num")[0].isdigit() else chinese_numeral(new)
    return head + "，" + rest[: figure.start("num")] + written + rest[figure.end("num") :]


def test_a_long_list_is_quoted_cut_where_its_parts_end() -> None:
    text = (
        "本年度全区共发布政务信息3000条，其中机构设置类信息100条，政策文件类信息200条，"
        "规划计划类信息300条，财政预决算类信息400条，重点项目建设类信息500条，"
        "安全生产和应急管理类信息600条，其他应当公开的政府信息800条。"
    )
    ((total, parts, message),) = warnings(text)
    assert (total, parts) == (3000, 2900)
    quote = message.split("「", 1)[1].split("」称")[0]
    head, tail = quote.split("……")
    assert head.endswith("，") and text.startswith(head)
    assert tail.endswith("800条") and text[text.index(tail) - 1] in "，、"  # a part, whole
