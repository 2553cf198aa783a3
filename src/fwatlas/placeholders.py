"""The placeholders `fwatlas new` writes into a new file, which the rules and the pages
recognise (a framework whose facts are still placeholders is shown only as a draft)."""

TODO = "TODO"
NOT_RESEARCHED = "Not researched yet."
