"""Runnable code snippets: the heavy environment, the runner and the shared paths.

Nothing here imports a deep-learning framework: the snippets run in their own
virtualenv (see env.py) as subprocesses.
"""
