"""The benchmark's verdicts and tables, on made-up measurements."""

from bench.run import Build, Result, markdown_table, text_table

MB = 2**20


def result(posts, ours_rebuild_seconds, ours_peak=100 * MB):
    return Result(
        posts=posts, words=posts * 1300,
        ours_cold=Build(9.0, 8.0, ours_peak), vanilla_cold=Build(10.0, 9.0, 90 * MB),
        ours_rebuild=Build(ours_rebuild_seconds, 1.0, 80 * MB), vanilla_rebuild=Build(4.0, 3.0, 95 * MB),
    )


def test_each_target_is_judged_on_its_ratio():
    good = result(5000, 1.9)
    assert good.ratios()["cold"] == 0.9
    assert good.ratios()["memory"] == 100 / 95  # the larger peak of each side
    assert good.met() == {"cold": True, "rebuild": True, "memory": True}
    assert result(5000, 2.1).met()["rebuild"] is False  # 0.525 times
    assert result(5000, 1.9, ours_peak=130 * MB).met()["memory"] is False  # 1.37 times


def test_the_rebuild_must_also_stay_under_two_seconds_at_1000_posts():
    fast_vanilla = Result(1000, 1_300_000, Build(1, 1, MB), Build(1, 1, MB), Build(2.0, 1, MB), Build(5.0, 1, MB))
    assert fast_vanilla.ratios()["rebuild"] == 0.4
    assert fast_vanilla.met()["rebuild"] is False


def test_tables_show_every_measure_with_its_verdict():
    text = text_table([result(1000, 1.5), result(5000, 3.0)])
    assert text.count("(met)") + text.count("(MISSED)") == 6
    assert "1,000  rebuild after one edit" in text and "≤ 0.5× and < 2 s (met)" in text
    assert "5,000  rebuild after one edit" in text and "0.75×" in text and "≤ 0.5× (MISSED)" in text
    markdown = markdown_table([result(1000, 1.5)])
    assert "| 1,000 | peak memory | 100 MB | 95 MB | 1.05× | ≤ 1.3× (met) |" in markdown
