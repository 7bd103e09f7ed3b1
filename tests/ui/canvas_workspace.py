#!/usr/bin/env python3
"""canvas_workspace.py CSV OUT.pika [N_NODES] [ZOOM] — writes a workspace of N_NODES nodes
(default 1,000) for the canvas tests and bench: one source over CSV (columns x and y, as
`pika demo-data` writes them) and, in chains of nine, seven queries each reading the one
before, a plot of the last query and a note. No positions: the canvas lays them out. ZOOM
(optional) writes a viewport at the top-left corner with that zoom."""
import json
import os
import sys


def workspace(csv, n_nodes, zoom=None):
    nodes = [{"name": "src", "kind": "source", "params": {"path": os.path.abspath(csv)}}]
    edges = []
    chain = 0
    while len(nodes) < n_nodes:
        prev = "src"
        for step in range(7):
            if len(nodes) >= n_nodes:
                break
            name = f"q{chain}_{step}"
            sql = (f"SELECT x, y FROM {prev} WHERE x > {-3 + step * 0.1:.1f}" if step == 0
                   else f"SELECT x, y FROM {prev} LIMIT {2000 - step * 100}")
            nodes.append({"name": name, "kind": "query", "params": {"sql": sql}})
            edges.append({"from": prev, "to": name, "port": 0})
            prev = name
        if len(nodes) < n_nodes:
            name = f"plot{chain}"
            nodes.append({"name": name, "kind": "plot", "params": {
                "spec": {"type": "scatter", "x": {"column": "x"}, "y": {"column": "y"}}}})
            edges.append({"from": prev, "to": name, "port": 0})
        if len(nodes) < n_nodes:
            nodes.append({"name": f"note{chain}", "kind": "note",
                          "params": {"text": f"## Chain {chain}\n\nSeven queries and a plot."}})
        chain += 1
    doc = {"format": "pika-workspace", "version": 1, "nodes": nodes, "edges": edges}
    if zoom is not None:
        doc["viewport"] = {"x": -40.0, "y": -40.0, "zoom": zoom}
    return doc


def main():
    csv, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    zoom = float(sys.argv[4]) if len(sys.argv) > 4 else None
    with open(out, "w") as f:
        json.dump(workspace(csv, n, zoom), f, indent=1)


if __name__ == "__main__":
    main()
