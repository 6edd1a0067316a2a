"""``spofscan explore``: an interactive session on one architecture.

- :mod:`~spofscan.explore.session`: the state (models, scenario, undo) and its answers;
- :mod:`~spofscan.explore.commands`: the interpreter of command lines, shared by the
  prompt and by scripts; :mod:`~spofscan.explore.views` words its answers;
- :mod:`~spofscan.explore.script`: scripted use (``--script``, or standard input);
- :mod:`~spofscan.explore.prompt`: the prompt_toolkit session (completion, history, reload
  when the file changes), with :mod:`~spofscan.explore.completion`.
"""
