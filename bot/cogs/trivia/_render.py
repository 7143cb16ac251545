"""Trivia as Discord embeds and short texts. Pure: the round's events and the stored scores in, embeds out,
always inside Discord's limits (many answers shorten to "…and N more", never break a message)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot import render
from bot.limits import FIELD_VALUE, fit_embed
from bot.views import EXPIRED_TEXT
from facts.trivia.questions import LETTERS, Question, Topic
from facts.trivia.round import Click, ClickStatus, EndReason, QuestionOpened, Revealed, RoundOver
from facts.trivia.scoring import FORMULA, Standing, rank_of
from facts.trivia.storage import Leaderboard, MemberStats, Period

TOPIC_LABEL = {Topic.DATES: "dates", Topic.PEOPLE: "people", Topic.FIGURES: "figures", Topic.ALL: "all topics"}
MEDALS = ("🥇", "🥈", "🥉")
SHOWN = 10  # standings shown on a reveal or a scoreboard

ALREADY_ANSWERED = "You already answered this question: **{letter}** is locked in."
CLOSED = "Too late: this question is closed. Wait for the next one."


def mention(member_id: int) -> str:
    return f"<@{member_id}>"


def _embed(title: str, description: str = "", *, footer: str = "") -> discord.Embed:
    embed = discord.Embed(title=title, description=description or None, colour=render.COLOUR)
    if footer:
        embed.set_footer(text=footer)
    return embed


def lines_within(lines: Sequence[str], limit: int = FIELD_VALUE) -> str:
    """As many whole lines as fit in ``limit`` characters, then "…and N more"."""
    out: list[str] = []
    for i, line in enumerate(lines):
        rest = len(lines) - i
        more = f"\n…and {rest} more" if rest > 1 else ""
        if len("\n".join([*out, line])) + len(more) > limit:
            return "\n".join([*out, f"…and {rest} more"])
        out.append(line)
    return "\n".join(out)


def _seconds(value: float) -> str:
    return f"{value:.1f} s"


def _points(value: int) -> str:
    return f"{value:,} point{'s' if value != 1 else ''}"


# -------------------------------------------------------------------------------------------- a round


def start_embed(*, starter_id: int, total: int, seconds: int, topic: Topic, wanted: int) -> discord.Embed:
    fewer = f" (only {total} on {TOPIC_LABEL[topic]} right now)" if total < wanted else ""
    return fit_embed(_embed(
        f"Trivia: {total} question{'s' if total != 1 else ''} on {TOPIC_LABEL[topic]}",
        f"{mention(starter_id)} started a round{fewer}. Each question has {seconds} seconds: click **A**–**D**; "
        "only your first click counts, and faster right answers score more.\n"
        "`/trivia help` explains the scoring; `/trivia stop` ends the round.",
        footer="Questions come from the sources, and so do the answers."))


def question_embed(opened: QuestionOpened) -> discord.Embed:
    q = opened.question
    text = f"**{render.esc(q.prompt)}**"
    if q.about:
        text += f"\n> {render.esc(q.about)}"
    text += "\n\n" + "\n".join(f"**{LETTERS[i]}** · {render.esc(choice)}" for i, choice in enumerate(q.choices))
    closes = discord.utils.format_dt(opened.closes_at, "R")
    text += f"\n\nCloses {closes}."
    return fit_embed(_embed(f"Question {opened.number} of {opened.total} · {TOPIC_LABEL[q.topic].title()}", text,
                            footer=f"{opened.seconds} seconds · your first click counts"))


def click_text(click: Click, question: Question) -> str:
    """The private answer to a click on an answer button."""
    match click.status:
        case ClickStatus.LOCKED_IN:
            assert click.choice is not None
            after = f" after {_seconds(click.elapsed)}" if click.elapsed is not None else ""
            return (f"Locked in: **{LETTERS[click.choice]}** · {render.esc(question.choices[click.choice])}{after}. "
                    "The answer comes when time is up.")
        case ClickStatus.ALREADY_ANSWERED:
            assert click.choice is not None
            return ALREADY_ANSWERED.format(letter=LETTERS[click.choice])
        case ClickStatus.CLOSED:
            return CLOSED
    return EXPIRED_TEXT["trivia"]


def reveal_embed(revealed: Revealed) -> discord.Embed:
    q = revealed.question
    title = f"Question {revealed.number} of {revealed.total}: the answer is {q.letter}"
    description = f"**{q.letter} · {render.esc(q.answer_text)}**\n{render.esc(q.explanation)}"
    why = "everyone had answered" if revealed.everyone_answered else "time is up"
    embed = _embed(title, description, footer=f"Revealed: {why} · {render.source_footer([q.source])}")
    if q.quote is not None:
        embed.add_field(name="In the source", value=render.quote_block(q.quote), inline=False)
    if not revealed.results:
        embed.add_field(name="Answers", value="Nobody answered.", inline=False)
    else:
        right = [f"✅ {mention(r.member_id)} · {_seconds(r.elapsed)} · +{r.points}" for r in revealed.right]
        wrong = [f"❌ {mention(r.member_id)} · chose {LETTERS[r.choice]}" for r in revealed.wrong]
        embed.add_field(name=f"Right ({len(right)})", value=lines_within(right) if right else "Nobody got it.",
                        inline=False)
        if wrong:
            embed.add_field(name=f"Wrong ({len(wrong)})", value=lines_within(wrong), inline=False)
        embed.add_field(name="Scores so far", value=standings_text(revealed.standings), inline=False)
    return fit_embed(embed)


def standings_text(standings: tuple[Standing, ...], shown: int = SHOWN) -> str:
    lines = []
    for i, s in enumerate(standings[:shown]):
        rank = rank_of(standings, i)
        badge = MEDALS[rank - 1] if rank <= len(MEDALS) and s.points > 0 else f"{rank}."
        lines.append(f"{badge} {mention(s.member_id)} · {_points(s.points)} · {s.correct}/{s.answered} right")
    if len(standings) > shown:
        lines.append(f"…and {len(standings) - shown} more")
    return lines_within(lines) if lines else "Nobody has answered yet."


END_TITLE = {
    EndReason.COMPLETED: "Trivia: final scores",
    EndReason.SILENCE: "Trivia: round over (two questions in a row went unanswered)",
    EndReason.STOPPED: "Trivia: round stopped",
    EndReason.FAILED: "Trivia: round ended (Chronicle could not post here)",
}


def scoreboard_embed(over: RoundOver) -> discord.Embed:
    description = standings_text(over.standings, shown=20) if over.standings else "Nobody answered in this round."
    if over.winners:
        names = ", ".join(mention(w) for w in over.winners)
        description = f"🏆 {'Winners' if len(over.winners) > 1 else 'Winner'}: {names}\n\n{description}"
    elif over.reason is EndReason.STOPPED:
        who = f" by {mention(over.stopped_by)}" if over.stopped_by else ""
        description = f"Stopped{who}; the points of revealed questions count, but no win is recorded.\n\n" + description
    footer = f"{over.asked} of {over.total} questions asked · /trivia leaderboard for the standings that last"
    return fit_embed(_embed(END_TITLE[over.reason], description, footer=footer))


# -------------------------------------------------------------------------------------- stored scores

PERIOD_TITLE = {Period.WEEK: "this week", Period.MONTH: "this month", Period.ALL: "all time"}


def _since(period: Period, since: datetime | None) -> str:
    if since is None:
        return "All time"
    if period is Period.WEEK:
        return f"Since Monday, {since:%B} {since.day} (UTC)"
    return f"Since {since:%B} {since.day} (UTC)"


def leaderboard_embed(board: Leaderboard) -> discord.Embed:
    title = f"Trivia leaderboard: {PERIOD_TITLE[board.period]}"
    footer = f"{_since(board.period, board.since)} · {board.players} player{'s' if board.players != 1 else ''}"
    if not board.rows:
        return fit_embed(_embed(title, f"No trivia answers {PERIOD_TITLE[board.period]} yet. "
                                       "Start a round with `/trivia start`.", footer=footer))
    lines = []
    for row in board.rows:
        rank = 1 + sum(1 for r in board.rows if r.points > row.points)
        badge = MEDALS[rank - 1] if rank <= len(MEDALS) else f"{rank}."
        wins = f" · {row.wins} win{'s' if row.wins != 1 else ''}" if row.wins else ""
        lines.append(f"{badge} {mention(row.member_id)} · **{_points(row.points)}** · "
                     f"{row.correct}/{row.answered} right{wins}")
    if board.players > len(board.rows):
        lines.append(f"…and {board.players - len(board.rows)} more")
    return fit_embed(_embed(title, lines_within(lines, 4096), footer=footer))


def stats_embed(stats: MemberStats, name: str) -> discord.Embed:
    title = f"Trivia stats: {render.esc(name)}"
    if not stats.answered:
        return fit_embed(_embed(title, "No trivia answers in this server yet. Join a round started with "
                                       "`/trivia start`."))
    s = stats
    description = (f"**{_points(s.points)}** · rank {s.rank} in this server\n"
                   f"{s.correct}/{s.answered} right ({s.accuracy:.0%}) · {s.rounds} round{'s' if s.rounds != 1 else ''}"
                   f" · {s.wins} win{'s' if s.wins != 1 else ''}")
    embed = _embed(title, description, footer="Accuracy by topic: dates, people, figures")
    for topic in s.topics:
        embed.add_field(name=TOPIC_LABEL[topic.topic].title(),
                        value=f"{topic.correct}/{topic.answered} right ({topic.accuracy:.0%})\n{_points(topic.points)}")
    return fit_embed(embed)


def help_embed() -> discord.Embed:
    embed = _embed("Trivia", "Rounds of questions made from the sources: when things happened, what happened on "
                             "a date, who did what, which came first, and the document's numbers.")
    embed.add_field(name="Scoring", value=FORMULA, inline=False)
    embed.add_field(name="Playing", inline=False, value=(
        "Each question shows four answers; click **A**–**D**. Your first click is locked in. The answer is "
        "revealed when time is up, or as soon as everyone who has played in the round has answered, with who "
        "got it, how fast, and the sentence of the source it rests on. Two unanswered questions in a row end "
        "the round. One round per channel at a time."))
    embed.add_field(name="Commands", inline=False, value=(
        "`/trivia start [questions:] [seconds:] [topic:]` start a round (1–20 questions, 10–60 seconds; "
        "topic dates, people, figures or all)\n"
        "`/trivia stop` end the round (its starter, or Manage Messages)\n"
        "`/trivia leaderboard [period:]` top scores this week, this month or of all time\n"
        "`/trivia stats [member:]` points, wins and accuracy by topic"))
    return fit_embed(embed)
