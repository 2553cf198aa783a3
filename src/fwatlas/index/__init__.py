"""`fwatlas sync`: versions, Python versions and platforms read from the package index.

One module per job: where the index is (config), how it is read (client),
what a release's files say (derive), the machine-written data files (store),
where hand-written facts disagree (compare) and the command (sync).
"""
