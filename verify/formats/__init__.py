"""The report formats: text, JSON, HTML, Markdown, JUnit and SARIF, and the words they share."""
