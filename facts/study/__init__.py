"""Study mode, without Discord: each member's cards from their server's packs, scheduled by FSRS.

``cards`` (a fact seen as a question: its key, its text from the store), ``schedule`` (FSRS from the ``fsrs``
package: ratings, intervals, previews), ``storage`` (all SQL: the queue, ratings counted once, what trivia
feeds in, settings, reminders, leaving), ``stats`` (what /study stats shows) and ``anki`` (the member's or a
pack's cards as an Anki deck).
"""
