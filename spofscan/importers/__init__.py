"""Importers: turn deployment files into the text of an architecture file.

They sit at the bottom of the pipeline, beside loading: what they write is text, which
``spofscan check`` then loads like any file a person wrote.

- :mod:`~spofscan.importers.imported`: what an import found, component by component;
- :mod:`~spofscan.importers.writer`: that, written as YAML with a comment on every
  guess and every dependency's origin;
- :mod:`~spofscan.importers.hosts`: the other services a string names as a host;
- :mod:`~spofscan.importers.recognise`: whether a file is a compose file or a Kubernetes
  manifest rather than an architecture;
- :mod:`~spofscan.importers.compose` (read by :mod:`~spofscan.importers.compose_files`,
  with :mod:`~spofscan.importers.interpolation` and :mod:`~spofscan.importers.merge`):
  docker-compose projects;
- :mod:`~spofscan.importers.kubernetes` (read by :mod:`~spofscan.importers.k8s_objects`):
  Kubernetes manifests.
"""
