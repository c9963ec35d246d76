"""The network drawing's geometry (no database): pemda on a circle in name order, arrows owner →
adopter whose width follows the count."""

from knowledge.network.graph import MIN_NODE_RADIUS, NODE_RADIUS, RADIUS, SIZE, network_graph

PAIRS = [
    ("32.11", "Kabupaten Sumedang", "16.10", "Kabupaten Ogan Ilir", 4),
    ("16.10", "Kabupaten Ogan Ilir", "32.11", "Kabupaten Sumedang", 1),
    ("32.11", "Kabupaten Sumedang", "32.79", "Kota Banjar", 2),
]


def test_pemda_sit_on_a_circle_in_the_order_of_their_names_numbered_from_one():
    graph = network_graph(PAIRS)

    assert [(node.number, node.name) for node in graph.nodes] == [
        (1, "Kabupaten Ogan Ilir"),
        (2, "Kabupaten Sumedang"),
        (3, "Kota Banjar"),
    ]
    first = graph.nodes[0]
    assert (first.x, first.y) == (SIZE / 2, SIZE / 2 - RADIUS)  # the first at the top
    for node in graph.nodes:
        assert NODE_RADIUS <= node.x <= SIZE - NODE_RADIUS and NODE_RADIUS <= node.y <= SIZE - NODE_RADIUS


def test_the_same_pairs_draw_the_same_picture_whatever_their_order():
    assert network_graph(PAIRS) == network_graph(list(reversed(PAIRS)))


def test_the_widest_arrow_is_the_largest_count_and_two_directions_do_not_overlap():
    graph = network_graph(PAIRS)

    widths = {(e.source.name, e.target.name): e.width for e in graph.edges}
    assert widths[("Kabupaten Sumedang", "Kabupaten Ogan Ilir")] == 10
    assert (
        widths[("Kabupaten Ogan Ilir", "Kabupaten Sumedang")] < widths[("Kabupaten Sumedang", "Kota Banjar")]
    )
    there, back = (
        next(e for e in graph.edges if (e.source.number, e.target.number) == pair)
        for pair in ((2, 1), (1, 2))
    )
    assert (there.x1, there.y1) != (back.x2, back.y2)
    assert (there.label_x, there.label_y) != (back.label_x, back.label_y)


def test_no_pairs_draw_nothing():
    graph = network_graph([])

    assert graph.nodes == [] and graph.edges == []


def test_with_many_pemda_the_nodes_shrink_so_that_neighbours_do_not_overlap():
    pairs = [(f"{i:02d}.01", f"Kabupaten {i:02d}", f"{i:02d}.02", f"Kota {i:02d}", 1) for i in range(31)]

    graph = network_graph(pairs)

    assert len(graph.nodes) == 62
    assert MIN_NODE_RADIUS <= graph.node_radius < NODE_RADIUS
    first, second = graph.nodes[0], graph.nodes[1]
    assert ((first.x - second.x) ** 2 + (first.y - second.y) ** 2) ** 0.5 > 2 * graph.node_radius
