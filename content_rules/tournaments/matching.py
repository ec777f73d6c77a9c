"""Maximum-cardinality matching on general graphs: Edmonds' blossom algorithm.

Swiss pairing asks, many times a round, whether the players still unpaired can all be
paired without a rematch: whether the graph of who has not met whom has a perfect
matching. Backtracking answers that in exponential time when the answer is no; a maximum
matching answers it in polynomial time. The graph is not bipartite (anyone may meet
anyone), so odd cycles must be shrunk into blossoms, which is what Edmonds' search does.

Each search for an augmenting path costs O(V^2 + E): a breadth-first walk from one
exposed vertex, with each blossom shrunk by relabelling its vertices' bases in O(V). At
most V/2 searches succeed and each exposed vertex is searched from once, so a maximum
matching costs O(V^3). A starting matching (a greedy one, or a perfect matching with two
vertices removed) leaves only a few vertices exposed, and then only a few searches run.
"""

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

Vertex = TypeVar("Vertex", bound=Hashable)


def maximum_matching(
    graph: Mapping[Vertex, Iterable[Vertex]], start: Mapping[Vertex, Vertex] | None = None
) -> dict[Vertex, Vertex]:
    """A largest set of disjoint edges, as each matched vertex's partner (both ways round).

    The vertices are the keys of ``graph``; an edge joins ``u`` and ``v`` when either lists
    the other. Neighbours that are not keys are ignored, so a caller can drop vertices
    from a graph by leaving out their keys, without copying every neighbour set.
    ``start`` is a matching to grow from; its pairs must be edges between keys.
    """
    vertices = list(graph)
    index = {vertex: place for place, vertex in enumerate(vertices)}
    neighbours: list[set[int]] = [set() for _ in vertices]
    for place, vertex in enumerate(vertices):
        for other in graph[vertex]:
            there = index.get(other)
            if there is not None and there != place:
                neighbours[place].add(there)
                neighbours[there].add(place)
    mate = [-1] * len(vertices)
    for vertex, partner in (start or {}).items():
        here, there = index.get(vertex, -1), index.get(partner, -1)
        if here < 0 or there not in neighbours[here]:
            raise ValueError(f"the starting pair {vertex!r}, {partner!r} is not an edge")
        if mate[here] not in (-1, there) or mate[there] not in (-1, here):
            raise ValueError(f"the starting matching pairs {vertex!r} or {partner!r} twice")
        mate[here], mate[there] = there, here
    for place in range(len(vertices)):
        if mate[place] == -1:
            _augment(neighbours, mate, place)
    return {vertices[place]: vertices[there] for place, there in enumerate(mate) if there >= 0}


def _augment(neighbours: list[set[int]], mate: list[int], root: int) -> None:
    """Grow ``mate`` by one edge along an augmenting path from ``root``, if there is one.

    Vertices reached at an even distance from the root are outer: the root, and the
    partner of every vertex reached through an unmatched edge. An edge between two outer
    vertices closes an odd cycle, a blossom: every vertex in it becomes outer, and it acts
    as one vertex, its base, from then on. An edge from an outer vertex to an exposed one
    ends the search: flipping the path's edges grows the matching.
    """
    size = len(neighbours)
    parent = [-1] * size
    base = list(range(size))
    outer = [False] * size
    outer[root] = True
    queue = [root]
    for vertex in queue:
        for other in neighbours[vertex]:
            if base[vertex] == base[other] or mate[vertex] == other:
                continue
            if other == root or (mate[other] != -1 and parent[mate[other]] != -1):
                _shrink(vertex, other, parent, base, mate, outer, queue)
            elif parent[other] == -1:
                parent[other] = vertex
                if mate[other] == -1:
                    _flip(other, parent, mate)
                    return
                outer[mate[other]] = True
                queue.append(mate[other])


def _shrink(
    vertex: int,
    other: int,
    parent: list[int],
    base: list[int],
    mate: list[int],
    outer: list[bool],
    queue: list[int],
) -> None:
    """Contract the blossom closed by the edge between outer ``vertex`` and ``other``.

    The parents along both halves of the cycle are pointed across the closing edge, so a
    path through the blossom can later leave it the other way round.
    """
    top = _common_base(vertex, other, parent, base, mate)
    inside = [False] * len(base)
    _mark(vertex, top, other, parent, base, mate, inside)
    _mark(other, top, vertex, parent, base, mate, inside)
    for place, root in enumerate(base):
        if inside[root]:
            base[place] = top
            if not outer[place]:
                outer[place] = True
                queue.append(place)


def _common_base(
    first: int, second: int, parent: list[int], base: list[int], mate: list[int]
) -> int:
    """The base where the tree paths from two outer vertices to the root meet."""
    seen = [False] * len(base)
    while True:
        first = base[first]
        seen[first] = True
        if mate[first] == -1:
            break
        first = parent[mate[first]]
    while True:
        second = base[second]
        if seen[second]:
            return second
        second = parent[mate[second]]


def _mark(
    vertex: int,
    top: int,
    child: int,
    parent: list[int],
    base: list[int],
    mate: list[int],
    inside: list[bool],
) -> None:
    while base[vertex] != top:
        inside[base[vertex]] = inside[base[mate[vertex]]] = True
        parent[vertex] = child
        child = mate[vertex]
        vertex = parent[mate[vertex]]


def _flip(end: int, parent: list[int], mate: list[int]) -> None:
    """Swap matched and unmatched edges along the path from the root to ``end``."""
    while end != -1:
        previous = parent[end]
        following = mate[previous]
        mate[end], mate[previous] = previous, end
        end = following
