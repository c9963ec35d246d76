"""The lineage of a practice: the practices it is based on, up to the root, and every version based
on it, as a tree. Two queries whatever its size: the ids through a recursive query, then the rows the
reader may see (a draft version of another pemda stays hidden, with the versions below it)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from .models import Practice
from .selectors import practices_visible_to

# Lineages are a few generations deep; the bound keeps a loop made in the admin from running forever.
MAX_DEPTH = 50


@dataclass
class Node:
    practice: Practice
    current: bool = False
    children: list = field(default_factory=list)


def _related_ids(practice_id):
    table = connection.ops.quote_name(Practice._meta.db_table)
    # The table name is the model's own; the values are parameters.
    sql = f"""
        WITH RECURSIVE up(id, based_on_id, depth) AS (
            SELECT id, based_on_id, 0 FROM {table} WHERE id = %s
            UNION ALL
            SELECT p.id, p.based_on_id, up.depth + 1 FROM {table} p JOIN up ON p.id = up.based_on_id
            WHERE up.depth < %s
        ), down(id, depth) AS (
            SELECT id, 0 FROM {table} WHERE id = %s
            UNION ALL
            SELECT p.id, down.depth + 1 FROM {table} p JOIN down ON p.based_on_id = down.id
            WHERE down.depth < %s
        )
        SELECT id FROM up UNION SELECT id FROM down
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [practice_id, MAX_DEPTH, practice_id, MAX_DEPTH])
        return [row[0] for row in cursor.fetchall()]


def practice_lineage(*, user, practice):
    """The root of `practice`'s tree: its ancestors one below the other down to `practice`, then all
    the versions based on it (and on them), each level ordered by title."""
    rows = {
        p.pk: p
        for p in practices_visible_to(user)
        .filter(pk__in=_related_ids(practice.pk))
        .select_related("regency")
        .defer("search_vector", "body")
        .order_by("title", "pk")
    }
    rows[practice.pk] = rows.get(practice.pk, practice)
    nodes = {pk: Node(p, current=pk == practice.pk) for pk, p in rows.items()}
    # Ancestors: follow based_on up while the reader may see it.
    top, seen = nodes[practice.pk], {practice.pk}
    while top.practice.based_on_id in nodes and top.practice.based_on_id not in seen:
        parent = nodes[top.practice.based_on_id]
        parent.children.append(top)
        seen.add(parent.practice.pk)
        top = parent
    # Descendants: every visible version whose parent is in the tree below `practice`.
    versions = defaultdict(list)
    for node in nodes.values():  # in title order
        versions[node.practice.based_on_id].append(node)
    below = [nodes[practice.pk]]
    while below:
        node = below.pop()
        for child in versions[node.practice.pk]:
            if child.practice.pk not in seen:
                seen.add(child.practice.pk)
                node.children.append(child)
                below.append(child)
    return top
