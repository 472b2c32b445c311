"""The question-answering engine: plain-English questions to ranked graph answers with evidence."""
