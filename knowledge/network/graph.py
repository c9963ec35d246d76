"""Geometry of the replication network drawing: pemda on a circle, arrows owner → adopter. Pure
functions, no database; the template draws the result as inline SVG beside the table."""

import math
from dataclasses import dataclass

SIZE = 640
RADIUS = 270
# Nodes carry their number (the legend below the drawing names them): names would not fit on a phone.
NODE_RADIUS = 22
MIN_NODE_RADIUS = 8
MAX_WIDTH = 10
SIDE_OFFSET = 6


@dataclass(frozen=True)
class Node:
    key: str
    name: str
    number: int
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node
    count: int
    width: float
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Graph:
    size: int
    node_radius: int
    nodes: list
    edges: list


def network_graph(pairs):
    """pairs: [(owner key, owner name, adopter key, adopter name, count)]. Pemda sit on a circle in
    the order of their names (the same data always draws the same picture)."""
    names = {}
    for owner_key, owner_name, adopter_key, adopter_name, _count in pairs:
        names[owner_key], names[adopter_key] = owner_name, adopter_name
    order = sorted(names, key=lambda key: (names[key], key))
    centre = SIZE / 2
    nodes = {}
    for i, key in enumerate(order):
        angle = 2 * math.pi * i / len(order) - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        nodes[key] = Node(
            key=key,
            name=names[key],
            number=i + 1,
            x=round(centre + RADIUS * cos, 1),
            y=round(centre + RADIUS * sin, 1),
        )
    # Many pemda (a cohort of 62) share the circle: smaller nodes so that neighbours do not overlap.
    room = math.pi * RADIUS / max(len(order), 1)
    node_radius = max(MIN_NODE_RADIUS, min(NODE_RADIUS, math.floor(room) - 2))
    most = max((count for *_, count in pairs), default=1)
    edges = []
    for owner_key, _o, adopter_key, _a, count in pairs:
        source, target = nodes[owner_key], nodes[adopter_key]
        dx, dy = target.x - source.x, target.y - source.y
        length = math.hypot(dx, dy) or 1
        # Stop short of the circles so that the arrow head stays visible, and keep to one side of the
        # line between the two: A → B and B → A do not draw over each other.
        ux, uy = dx / length, dy / length
        gap = node_radius + 3
        sx, sy = -uy * SIDE_OFFSET, ux * SIDE_OFFSET
        edges.append(
            Edge(
                source=source,
                target=target,
                count=count,
                width=round(1.5 + (MAX_WIDTH - 1.5) * count / most, 1),
                x1=round(source.x + ux * gap + sx, 1),
                y1=round(source.y + uy * gap + sy, 1),
                x2=round(target.x - ux * gap + sx, 1),
                y2=round(target.y - uy * gap + sy, 1),
                label_x=round(source.x + dx * 0.6 + 3 * sx, 1),
                label_y=round(source.y + dy * 0.6 + 3 * sy, 1),
            )
        )
    edges.sort(key=lambda e: (e.source.number, e.target.number))
    return Graph(size=SIZE, node_radius=node_radius, nodes=list(nodes.values()), edges=edges)
