def test_confirmed_carrier_has_numbered_copies(make_carrier, people):
    carrier = make_carrier(level="SECRET", copies_planned=3)
    assert carrier.status == "CONFIRMED"
    assert list(carrier.copies.values_list("copy_no", flat=True)) == [1, 2, 3]
