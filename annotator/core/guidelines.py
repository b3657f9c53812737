"""The annotation guidelines a new project starts with (Markdown, editable per project)."""

DEFAULT_GUIDELINES = """\
# Annotation guidelines

Label every stretch of the page that is a **Claim**, an **Opinion** or **Boilerplate**.
Leave text unlabelled only when it is none of these (a headline that states nothing, say).

## Claim (key 1)
A statement that could be checked against the world: figures, dates, events, who said or did
what. *"The bridge carries 18,500 vehicles a day"* is a claim, true or not.

- Label the whole sentence, or the clause that makes the claim.
- An attribution belongs to the claim: *"…, the council said."*

## Opinion (key 2)
Judgement, speculation, prediction or feeling: *"Frankly, the council let this drift."*

- A sentence that mixes both: label the parts separately when they can be separated; else
  label by what the sentence is mainly for.

## Boilerplate (key 3)
Everything the page wraps around its content: navigation, share buttons, donation appeals,
comment widgets, cookie and copyright notices, user cards and join dates, signatures,
"Read more" links.

## Working fast
- **Alt+Down** selects the next sentence, **Alt+PgDown** the next paragraph; then press a key.
- **Ctrl+3** labels the whole paragraph under the cursor as Boilerplate.
- **N** jumps to the next text that carries no label yet.
- **Ctrl+Return** marks the page done and opens the next one.
"""
