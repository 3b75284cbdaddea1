"""Corpora at scale: `mapper batch` on dask.distributed, partitioned, resumable, with a timeline.

Data flow: sources (inputs -> corpus items) -> partitions (fingerprinted chunks) -> work (a worker
analyses one partition into layer tables) -> store (atomic partition folders, manifests) ->
timeline (valid_from / valid_to) -> merge (GeoPackage, CSV, errors, HTML) ; run drives the cluster.
This package sits above layers and maps; only the CLI and the dashboard import it.
"""
