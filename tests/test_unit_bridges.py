"""Areas in mu and areas in m² are one quantity (units.yaml `bridges`)."""

import pytest

from compare import metadata
from compare.metadata import MetadataError


def test_mu_converts_to_square_kilometres_and_back():
    assert metadata.convertible("万亩", "平方千米")
    assert metadata.convert(180, "万亩", "平方千米") == pytest.approx(1200)
    assert metadata.convert(1200, "平方千米", "万亩") == pytest.approx(180)
    assert metadata.convert(3, "万公顷", "平方千米") == pytest.approx(300)


def test_same_dimension_conversion_unchanged_and_other_dimensions_refused():
    assert metadata.convert(2380, "万立方米", "亿立方米") == pytest.approx(0.238)
    assert not metadata.convertible("万亩", "亿立方米")
    with pytest.raises(MetadataError):
        metadata.convert(1, "万亩", "万人")


def test_people_described_between_wan_and_their_noun_are_wan_ren():
    from compare.extract import vocab

    assert vocab.unit_spelling("万村镇人口") == "万人"
    assert vocab.unit_spelling("万城镇及农村人口") == "万人"
    assert vocab.unit_spelling("万农村人口") == "万农村人口"  # a listed spelling stays itself
    assert vocab.unit_spelling("万以上农村人口") == "万以上农村人口"  # a bound after 万 is no word saying who
    m = vocab.value_re().search("解决177万村镇人口饮水不安全问题")
    assert (m.group("num"), m.group("unit1")) == ("177", "万村镇人口")
    m = vocab.value_re().search("新增3万亩灌溉面积")
    assert m.group("unit1") == "万亩"
