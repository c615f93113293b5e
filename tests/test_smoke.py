from gkstats.cli import main


def test_demo_exits_1_and_names_the_cell(capsys):
    assert main(["demo"]) == 1
    out = capsys.readouterr().out
    assert "t3.partial.natural" in out
    assert "F21-03" in out
