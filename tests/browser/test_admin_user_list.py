"""The admin's user list, with pemda and role, fits a 1280 px screen without scrolling sideways."""


def test_the_user_list_fits_1280_pixels(loaded_regions, page):
    from regencies.models import Membership, Regency

    from ..regencies.factories import MembershipFactory, UserFactory

    UserFactory(username="root", is_staff=True, is_superuser=True)
    for n, regency in enumerate(Regency.objects.order_by("-name")[:30]):
        MembershipFactory(
            user=UserFactory(
                username=f"pegawai-dinas-kominfo-{n:02d}",
                first_name="Raden Ajeng Kartini",
                last_name="Sosroningrat Wijayakusuma",
                email=f"pegawai-dinas-kominfo-{n:02d}@diskominfo.example.go.id",
            ),
            regency=regency,
            role=Membership.Role.MANAGER,
        )
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto("/admin/login/?next=/admin/auth/user/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "rahasia-yang-panjang-123")
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")

    assert [text.strip() for text in page.locator("#result_list thead th").all_inner_texts()][1:6] == [
        "NAMA PENGGUNA",
        "NAMA LENGKAP",
        "ALAMAT EMAIL",
        "KABUPATEN/KOTA",
        "PERAN",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
