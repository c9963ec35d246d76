"""Path converters of the SPBE pages: every year in a URL is four digits, in routes and links alike."""


class FourDigitYear:
    """A year such as 2024: anything else (0, 999, 10000, thirty digits) matches no route, so is a 404,
    and a link can only be built to a year a route accepts."""

    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        value = str(value)
        if len(value) != 4 or not value.isdigit():
            raise ValueError(value)  # reverse() then finds no match, as for a route that does not exist
        return value
