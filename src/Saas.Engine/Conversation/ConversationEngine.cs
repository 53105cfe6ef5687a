using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Text;

namespace Saas.Engine.Conversation;

/// <summary>The assistant's answer to one message: the new state, the reply in words, what changed in the proposal,
/// what was not understood, what is still missing, and the proposal once there is enough to make one.</summary>
public sealed record ConversationTurn
{
    public required ConversationState State { get; init; }
    public required string Reply { get; init; }
    public required IReadOnlyList<ProposalChange> Changes { get; init; }
    public required IReadOnlyList<NotUnderstood> NotUnderstood { get; init; }

    /// <summary>Requests the assistant understood but did not carry out, each with the reason.</summary>
    public required IReadOnlyList<string> Refused { get; init; }

    public required IReadOnlyList<Missing> Missing { get; init; }
    public GeneratedPlan? Proposal { get; init; }

    /// <summary>In a plan review: the plan with the accepted proposals applied.</summary>
    public PlanDocument? Revised { get; init; }
}

/// <summary>Runs a conversation: applies a message's intents to the state, regenerates the proposal with
/// <see cref="PlanGenerator"/>, and says what changed. Pure: the same state and message give the same turn. A refinement
/// the generator cannot honour (a KPI that is not there, a weight nothing can give to) is refused with the generator's
/// reason and leaves the state as it was.</summary>
public static class ConversationEngine
{
    public static ConversationState Begin(string firstMessage, string currency, DateOnly today) => new()
    {
        Language = TeamDescriptionParser.DetectLanguage(firstMessage),
        Currency = currency,
        FirstPeriod = Period.MonthOf(today).Next.ToString(),
    };

    /// <summary>A conversation about a plan reviewed after a period: its proposals are accepted or taken back by number.</summary>
    public static ConversationState BeginReview(Language language, string currency, DateOnly today, Guid planId, PlanDocument plan, PlanReview review) => new()
    {
        Language = language,
        Currency = currency,
        FirstPeriod = Period.MonthOf(today).Next.ToString(),
        Review = new PlanReviewBasis { PlanId = planId, Plan = plan, Review = review },
    };

    /// <summary>The words a review conversation starts with when the company gave none.</summary>
    public static string ReviewOpening(Language language, string planName, string period) => language == Language.Ru
        ? $"Разбор плана «{planName}» за {period}"
        : $"Review of the plan '{planName}' for {period}";

    /// <summary>The state as of <paramref name="today"/>: a plan proposed in an earlier month starts the month after today,
    /// so that a conversation picked up later never proposes (or stores) months already begun.</summary>
    public static ConversationState On(ConversationState state, DateOnly today)
    {
        var next = Period.MonthOf(today).Next;
        return Period.Parse(state.FirstPeriod).CompareTo(next) < 0 ? state with { FirstPeriod = next.ToString() } : state;
    }

    /// <summary>The question the next message is taken to answer.</summary>
    public static Missing? Question(ConversationState state) => Questions.Of(state).FirstOrDefault();

    /// <summary>The proposal the state gives, or null while something blocking is missing or the request is not valid.</summary>
    public static GeneratedPlan? Propose(ConversationState state)
    {
        if (state.Review is not null || Questions.Of(state).Any(m => m.Blocking))
            return null;
        var request = state.ToRequest();
        return request.Validate().Count == 0 ? PlanGenerator.Generate(request) : null;
    }

    public static ConversationTurn Reply(ConversationState before, IntentReading reading)
    {
        if (before.Review is { } basis)
            return ReviewReply(before, basis, reading);
        var w = new Words(before.Language, before.Currency);
        var message = before.Messages;
        var question = Question(before);
        var state = before with { Messages = message + 1 };
        var previous = Propose(before);
        // The proposal of the state as it stands, generated once per state: refinements, shares and the reply all ask for it.
        var (proposedFor, proposed) = (state, previous);
        GeneratedPlan? Current()
        {
            if (!ReferenceEquals(proposedFor, state))
                (proposedFor, proposed) = (state, Propose(state));
            return proposed;
        }
        var understood = new List<string>();
        var refused = new List<string>();
        var whys = new List<Intent>();

        // A refinement or a goal is kept only if the generator can honour it; it is tried on its own state.
        bool Try(ConversationState candidate, string what)
        {
            var request = candidate.ToRequest();
            var errors = request.Validate();
            if (Questions.Of(candidate).Any(m => m.Blocking) || request.Team.Count == 0)
            {
                // The request cannot be valid yet, but a variable share out of range never becomes valid: kept, it would
                // leave the conversation without a proposal once every question is answered.
                var shares = errors.Where(e => e.Path.StartsWith("economics.variableShares", StringComparison.Ordinal)).ToList();
                if (shares.Count > 0)
                {
                    refused.Add(w.Say($"«{what}»: ", $"\"{what}\": ") + string.Join(" ", shares.Select(e => e.Message).Distinct()));
                    return false;
                }
                state = candidate;
                return true;
            }
            if (errors.Count > 0)
            {
                refused.Add(w.Say($"«{what}»: ", $"\"{what}\": ") + string.Join(" ", errors.Select(e => e.Message).Distinct()));
                return false;
            }
            var known = Current()?.Warnings.Where(x => x.Code == "adjustment_ignored").Select(x => x.Message).ToHashSet() ?? [];
            var generated = PlanGenerator.Generate(request);
            var ignored = generated.Warnings.Where(x => x.Code == "adjustment_ignored" && !known.Contains(x.Message)).ToList();
            if (ignored.Count > 0)
            {
                refused.AddRange(ignored.Select(x => x.Message));
                return false;
            }
            (state, proposedFor, proposed) = (candidate, candidate, generated);
            return true;
        }

        foreach (var intent in reading.Intents)
        {
            var source = SourceSpan.In(message, intent.Source);
            switch (intent.Kind)
            {
                case IntentKind.Team when intent.Role is { } role:
                    var team = state.Team.Where(r => r.Role != role).ToList();
                    var had = state.Team.FirstOrDefault(r => r.Role == role);
                    // A role named again without a number ("маркетологам ничего не меняй") keeps the headcount it has.
                    if (intent.Count is null && had?.Count is not null)
                        break;
                    if (intent.Count != 0)
                        team.Add(new RoleFact { Role = role, Count = intent.Count, BaseSalary = had?.BaseSalary, SalarySource = had?.SalarySource, Source = source });
                    state = state with
                    {
                        Team = [.. team.OrderBy(r => r.Role)],
                        Adjustments = intent.Count == 0 ? [.. state.Adjustments.Where(a => a.Role != role)] : state.Adjustments,
                        VariableShares = intent.Count == 0 ? [.. state.VariableShares.Where(s => s.Role != role)] : state.VariableShares,
                    };
                    understood.Add(intent.Count is { } n ? $"{w.Role(role)} — {n}" : w.Role(role));
                    break;
                case IntentKind.Goal when intent.Goal is { Direction: GoalDirection.Reach, From: null, HorizonMonths: null, To: { } to } goal
                    && state.Goals.Any(g => g.Goal.Metric == goal.Metric):
                    // "цель по CR 22%" names only a value to reach: it changes the goal on the metric, which keeps where it
                    // starts and its deadline, instead of replacing it with a flat goal from the first month.
                    SetGoalValue(intent with { Kind = IntentKind.Target, Metric = goal.Metric }, to);
                    break;
                case IntentKind.Goal when intent.Goal is { } goal:
                    if (Try(state with { Goals = [.. state.Goals.Where(g => g.Goal.Metric != goal.Metric), new GoalFact(goal, source)] }, goal.Text))
                        understood.Add(w.Say($"цель «{goal.Text}»", $"goal \"{goal.Text}\""));
                    break;
                case IntentKind.Baseline or IntentKind.Target when intent.Value is { } value:
                    SetGoalValue(intent, value);
                    break;
                case IntentKind.Salary or IntentKind.Budget or IntentKind.AverageDeal when intent.Value is not > 0:
                    refused.Add(w.Say($"«{intent.Source.Text}»: сумма должна быть больше нуля.", $"\"{intent.Source.Text}\": the amount must be above zero."));
                    break;
                case IntentKind.Salary when intent.Value is { } salary:
                    var paid = intent.Role is { } one ? [one]
                        : state.Team.Any(r => r.BaseSalary is null) ? state.Team.Where(r => r.BaseSalary is null).Select(r => r.Role).ToList()
                        : state.Team.Select(r => r.Role).ToList();
                    if (intent.Role is { } absent && state.Team.All(r => r.Role != absent))
                    {
                        refused.Add(w.Say($"в команде нет роли «{w.Role(absent)}».", $"the team has no {w.Role(absent)}."));
                        break;
                    }
                    state = state with { Team = [.. state.Team.Select(r => paid.Contains(r.Role) ? r with { BaseSalary = salary, SalarySource = source } : r)] };
                    understood.Add(w.Say("оклад", "base salary") + (intent.Role is { } named ? $" ({w.Role(named)})" : "") + $" — {w.Money(salary)}");
                    break;
                case IntentKind.Budget or IntentKind.AverageDeal when intent.Value is > 0 and var amount:
                    var key = intent.Kind == IntentKind.Budget ? ConversationState.Budget : ConversationState.AverageDeal;
                    state = state with { Numbers = [.. state.Numbers.Where(n => n.Key != key), new NumberFact(key, amount, source)] };
                    understood.Add((intent.Kind == IntentKind.Budget ? w.Say("бюджет", "budget") : w.Say("средний чек", "average deal")) + $" — {w.Money(amount)}");
                    break;
                case IntentKind.Months or IntentKind.Ramp when intent.Count is not (>= 1 and <= GenerationPolicy.MaxPeriods):
                    refused.Add(w.Say($"«{intent.Source.Text}»: срок — от 1 до {GenerationPolicy.MaxPeriods} месяцев.",
                        $"\"{intent.Source.Text}\": a plan or a deadline is 1 to {GenerationPolicy.MaxPeriods} months."));
                    break;
                case IntentKind.Months when intent.Count is { } months:
                    state = state with { Numbers = [.. state.Numbers.Where(n => n.Key != ConversationState.PlanMonths), new NumberFact(ConversationState.PlanMonths, months, source)] };
                    understood.Add(w.Say($"план на {w.Months(months)}", $"a plan for {w.Months(months)}"));
                    break;
                case IntentKind.Ramp:
                    var ramped = state.Goals.Where(g => intent.Metric is null || g.Goal.Metric == intent.Metric).ToList();
                    if (ramped.Count == 0)
                    {
                        refused.Add(w.Say("целей, срок которых можно изменить, нет.", "there is no goal whose deadline could change."));
                        break;
                    }
                    Try(state with { Goals = [.. state.Goals.Select(g => ramped.Contains(g) ? g with { Goal = g.Goal with { HorizonMonths = intent.Count } } : g)] }, intent.Source.Text);
                    break;
                case IntentKind.Scheme when intent.Scheme is { } scheme:
                    if (state.Team.All(r => r.Role != Role.LeadGenerator))
                        refused.Add(w.Say("схема оплаты относится к лидогенератору, а его в команде нет.", "the scheme is how a lead generator is paid, and the team has none."));
                    else
                        Try(state with { Scheme = scheme }, intent.Source.Text);
                    break;
                case IntentKind.VariableShare:
                    var proposal = Current();
                    var shares = state.VariableShares.ToList();
                    foreach (var member in state.Team.Where(r => r.Count > 0 && (intent.Role is null || r.Role == intent.Role)))
                    {
                        var current = shares.FirstOrDefault(s => s.Role == member.Role)?.Share
                            ?? proposal?.Roles.FirstOrDefault(r => r.Role == member.Role)?.TargetVariableShare
                            ?? GenerationDefaults.VariableShare(member.Role);
                        var share = Math.Round(intent.Value ?? current + (intent.Change ?? 0m), 4, MidpointRounding.AwayFromZero);
                        shares.RemoveAll(s => s.Role == member.Role);
                        shares.Add(new RoleVariableShare { Role = member.Role, Share = share });
                    }
                    if (intent.Role is { } missingRole && state.Team.All(r => r.Role != missingRole))
                        refused.Add(w.Say($"в команде нет роли «{w.Role(missingRole)}».", $"the team has no {w.Role(missingRole)}."));
                    else
                    {
                        var kept = state;
                        Try(state with { VariableShares = [.. shares.OrderBy(s => s.Role)] }, intent.Source.Text);
                        // Without a proposal there is no diff to show what changed, so the reply says it.
                        if (proposal is null && !ReferenceEquals(kept, state))
                            understood.AddRange(state.VariableShares.Where(s => intent.Role is null || s.Role == intent.Role)
                                .Select(s => w.Say($"переменная часть ({w.Role(s.Role)}) — {w.Pct(s.Share)}", $"variable share ({w.Role(s.Role)}): {w.Pct(s.Share)}")));
                    }
                    break;
                case IntentKind.Weight or IntentKind.AddKpi or IntentKind.RemoveKpi or IntentKind.Threshold or IntentKind.Cap or IntentKind.Accelerator or IntentKind.Seasonal:
                    Refine(intent);
                    break;
                case IntentKind.Why:
                    whys.Add(intent);
                    break;
                case IntentKind.ApplyProposals or IntentKind.DropProposals:
                    refused.Add(w.Say("предложения по номерам бывают в разборе плана; это предложение принимается целиком (accept).",
                        "numbered proposals belong to a plan review; this proposal is accepted whole (accept)."));
                    break;
                case IntentKind.Skip when question is null:
                    refused.Add(w.Say("пропускать нечего: я ни о чём не спрашивал.", "there is nothing to skip: no question is open."));
                    break;
                case IntentKind.Skip:
                    // A blocking question has no default to stand in (a headcount; salaries and the like in a currency
                    // without money defaults): skipping it would leave no proposal and nothing left to ask.
                    if (question!.Blocking)
                        refused.Add(w.Say("без этого план не составить: ", "the plan cannot be made without it: ") + question.Question);
                    else
                    {
                        state = state with { Skipped = [.. state.Skipped, question.Key] };
                        understood.Add(w.Say("этот вопрос пропускаем, беру типичные значения (они в допущениях)",
                            "skipping that question; typical values stand in (see the assumptions)"));
                    }
                    break;
            }
        }

        void SetGoalValue(Intent intent, decimal value)
        {
            var fact = state.Goals.FirstOrDefault(g => g.Goal.Metric == intent.Metric);
            if (fact is null)
            {
                refused.Add(w.Say($"цели по «{Name(intent.Metric, w)}» нет; опишите её: «увеличить … с … до … за 3 месяца».",
                    $"there is no goal on '{Name(intent.Metric, w)}'; state it: \"raise … from … to … in 3 months\"."));
                return;
            }
            var changed = intent.Kind == IntentKind.Baseline ? fact.Goal with { From = value } : fact.Goal with { To = value };
            if (changed is { From: { } from, To: { } to } && changed.Direction != GoalDirection.Reach)
                changed = changed with { Direction = to >= from ? GoalDirection.Increase : GoalDirection.Decrease };
            if (!Try(state with { Goals = [.. state.Goals.Select(g => g == fact ? g with { Goal = changed } : g)] }, intent.Source.Text))
                return;
            understood.Add(intent.Kind == IntentKind.Baseline
                ? w.Say($"{Name(intent.Metric, w)} сейчас — {Show(intent.Metric!, value, w)}", $"{Name(intent.Metric, w)} now: {Show(intent.Metric!, value, w)}")
                : w.Say($"цель по {Name(intent.Metric, w)} — {Show(intent.Metric!, value, w)}", $"{Name(intent.Metric, w)} target: {Show(intent.Metric!, value, w)}"));
        }

        void Refine(Intent intent)
        {
            var proposal = Current();
            if (proposal is null)
            {
                refused.Add(w.Say("сначала нужно предложение: ответьте на вопрос выше.", "there is no proposal to change yet: answer the question first."));
                return;
            }
            if (intent.Metric is null && intent.Kind is IntentKind.Threshold or IntentKind.Cap or IntentKind.Accelerator)
            {
                // "порог 70 %" names no KPI: it is every KPI paid by attainment, of the role named or of everyone.
                var every = proposal.Document.Assignments
                    .Where(a => a.Role is { } r && (intent.Role is null || r == intent.Role))
                    .SelectMany(a => a.Components.Where(c => c is IAttainmentTerms)
                        .Select(c => new PlanAdjustment { Kind = Kind(intent.Kind), Role = a.Role!.Value, Metric = c.Id, Value = intent.Value }))
                    .ToList();
                if (every.Count == 0)
                    refused.Add(w.Say("в предложении нет KPI с выполнением плана для этого.", "the proposal has no KPI paid by attainment for that."));
                else
                    Try(state with { Adjustments = [.. state.Adjustments, .. every] }, intent.Source.Text);
                return;
            }
            var key = intent.Metric!;
            var roles = intent.Role is { } role ? [role]
                : intent.Kind == IntentKind.AddKpi
                    ? MetricOwners.Of(key, state.Scheme ?? GenerationDefaults.Scheme).Where(r => state.Team.Any(t => t.Role == r && t.Count > 0)).ToList()
                    : proposal.Document.Assignments.Where(a => a.Components.Any(c => c.Id == key || ComponentMetrics.MetricOf(c) == key)).Select(a => a.Role!.Value).ToList();
            if (roles.Count == 0)
            {
                refused.Add(intent.Kind == IntentKind.AddKpi
                    ? w.Say($"не указано, кому добавить «{Name(key, w)}»; назовите роль.", $"no role given to add '{Name(key, w)}' to; name the role.")
                    : w.Say($"KPI «{Name(key, w)}» в предложении нет.", $"the proposal has no KPI '{Name(key, w)}'."));
                return;
            }
            var adjustments = new List<PlanAdjustment>();
            foreach (var target in roles)
            {
                var value = intent.Value;
                if (intent.Kind == IntentKind.Weight && value is null)
                {
                    var current = proposal.Document.Assignments.FirstOrDefault(a => a.Role == target)?.Components
                        .OfType<IAttainmentTerms>().FirstOrDefault(c => c.Metric == key || ((Component)c).Id == key)?.Weight;
                    value = current + intent.Change;
                }
                if (intent.Kind == IntentKind.Seasonal)
                    value = intent.Change;
                adjustments.Add(new PlanAdjustment { Kind = Kind(intent.Kind), Role = target, Metric = key, Value = value, Months = intent.CalendarMonths });
            }
            Try(state with { Adjustments = [.. state.Adjustments, .. adjustments] }, intent.Source.Text);
        }

        var missing = Questions.Of(state);
        var after = Current();
        var changes = previous is null ? [] : ProposalDiff.Between(previous.Document, after?.Document, state.Language);
        if (after is null && !missing.Any(m => m.Blocking) && state.ToRequest().Validate() is { Count: > 0 } invalid)
            refused.Add(w.Say(previous is null ? "предложение не составить: " : "предложения больше нет: ", previous is null ? "no proposal can be made: " : "the proposal is gone: ")
                + string.Join(" ", invalid.Select(e => e.Message).Distinct()));
        refused = [.. refused.Distinct()];
        var reply = Compose(w, understood, refused, reading.NotUnderstood, previous, after, changes, whys, missing);
        return new ConversationTurn
        {
            State = state,
            Reply = reply,
            Changes = changes,
            NotUnderstood = reading.NotUnderstood,
            Refused = refused,
            Missing = missing,
            Proposal = after,
        };
    }

    /// <summary>A message in a plan review: proposals are accepted or taken back by number, "why" is answered from the
    /// findings, and anything else is refused with what can be done here.</summary>
    private static ConversationTurn ReviewReply(ConversationState before, PlanReviewBasis basis, IntentReading reading)
    {
        var w = new Words(before.Language, before.Currency);
        var review = basis.Review;
        var count = review.Proposals.Count;
        var accepted = new SortedSet<int>(basis.Accepted);
        var refused = new List<string>();
        var answers = new List<string>();
        var elsewhere = false;
        foreach (var intent in reading.Intents)
        {
            switch (intent.Kind)
            {
                case IntentKind.ApplyProposals or IntentKind.DropProposals:
                    var numbers = intent.Items.Count == 0 ? Enumerable.Range(1, count).ToList() : intent.Items.ToList();
                    foreach (var n in numbers)
                    {
                        if (n < 1 || n > count)
                            refused.Add(w.Say($"предложения №{n} нет: их {count}.", $"there is no proposal {n}: there are {count}."));
                        else if (intent.Kind == IntentKind.ApplyProposals)
                            accepted.Add(n);
                        else
                            accepted.Remove(n);
                    }
                    break;
                case IntentKind.Why:
                    var about = review.Findings.Where(f => f.Metric == intent.Metric || f.ComponentId == intent.Metric).Select(f => f.Message)
                        .Concat(review.Proposals.Select((p, i) => (p, i)).Where(x => x.p.ComponentId == intent.Metric || MetricOf(x.p, basis.Plan) == intent.Metric)
                            .Select(x => $"{x.i + 1}. {x.p.Message}"))
                        .ToList();
                    answers.AddRange(about.Count > 0 ? about
                        : [w.Say($"По «{Name(intent.Metric, w)}» разбор ничего не нашёл.", $"The review found nothing about '{Name(intent.Metric, w)}'.")]);
                    break;
                case IntentKind.Skip:
                    break;
                default:
                    elsewhere = true;
                    break;
            }
        }
        if (elsewhere)
            refused.Add(w.Say("это разбор плана: здесь принимают или отклоняют его предложения по номерам («примени 1 и 3», «примени все», «не применяй 2»); новый план составляется в новой беседе.",
                "this is a plan review: its proposals are accepted or taken back by number (\"apply 1 and 3\", \"apply all\", \"don't apply 2\"); a new plan is made in a new conversation."));

        var state = before with { Messages = before.Messages + 1, Review = basis with { Accepted = [.. accepted] } };
        var revised = state.Review!.Revised();
        var changes = ProposalDiff.Between(basis.Revised(), revised, before.Language);
        var parts = new List<string>();
        if (before.Messages == 0)
            parts.Add(ReviewSummary(review, w));
        if (!accepted.SetEquals(basis.Accepted))
            parts.Add(accepted.Count == 0
                ? w.Say("Ни одно предложение не принято.", "No proposal is accepted.")
                : w.Say("Приняты предложения: ", "Accepted proposals: ") + string.Join(", ", accepted) + ".");
        if (changes.Count > 0)
            parts.Add(w.Say("Что изменилось:", "What changed:") + "\n" + string.Join("\n", changes.Select(c => "— " + c.Text)));
        parts.AddRange(refused.Select(reason => w.Say("Не изменил: ", "Not changed: ") + reason));
        if (reading.NotUnderstood.Count > 0)
            parts.Add(w.Say("Не понял: ", "I did not understand: ") + string.Join(", ", reading.NotUnderstood.Select(n => w.Say($"«{n.Source.Text}»", $"\"{n.Source.Text}\""))) + ".");
        parts.AddRange(answers);
        parts.Add(count == 0
            ? w.Say("Менять нечего; беседу можно закрыть.", "There is nothing to change; the conversation can be closed.")
            : accepted.Count == 0
                ? w.Say("Какие предложения применить? Например: «примени 1 и 3» или «примени все».", "Which proposals should I apply? For example: \"apply 1 and 3\" or \"apply all\".")
                : w.Say("Если всё устраивает, примите разбор — я создам черновик плана с принятыми изменениями.",
                    "If it all looks right, accept the review and I will create a draft plan with the accepted changes."));
        return new ConversationTurn
        {
            State = state,
            Reply = string.Join("\n\n", parts),
            Changes = changes,
            NotUnderstood = reading.NotUnderstood,
            Refused = refused,
            Missing = [],
            Revised = revised,
        };
    }

    private static string ReviewSummary(PlanReview review, Words w)
    {
        var lines = new List<string> { w.Say($"Разбор плана за {review.Period}.", $"Review of the plan for {review.Period}.") };
        lines.AddRange(review.Findings.Select(f => "— " + f.Message));
        if (review.Proposals.Count == 0)
            lines.Add(w.Say("Предложений нет: менять план по этим результатам незачем.", "No proposals: these results give no reason to change the plan."));
        else
        {
            lines.Add(w.Say($"Предложения (с {review.NextPeriod}):", $"Proposals (from {review.NextPeriod}):"));
            lines.AddRange(review.Proposals.Select((p, i) => $"{i + 1}. {p.Message}"));
        }
        return string.Join("\n", lines);
    }

    private static string? MetricOf(Proposal proposal, PlanDocument plan) =>
        proposal.AddComponent is { } added ? ComponentMetrics.MetricOf(added)
        : proposal.AssignmentIndex < plan.Assignments.Count
            ? plan.Assignments[proposal.AssignmentIndex].Components.FirstOrDefault(c => c.Id == proposal.ComponentId) is { } component ? ComponentMetrics.MetricOf(component) : null
            : null;

    private static AdjustmentKind Kind(IntentKind kind) => kind switch
    {
        IntentKind.Weight => AdjustmentKind.Weight,
        IntentKind.AddKpi => AdjustmentKind.AddKpi,
        IntentKind.RemoveKpi => AdjustmentKind.RemoveKpi,
        IntentKind.Threshold => AdjustmentKind.Threshold,
        IntentKind.Cap => AdjustmentKind.Cap,
        IntentKind.Accelerator => AdjustmentKind.Accelerator,
        _ => AdjustmentKind.Seasonal,
    };

    private static string Compose(Words w, List<string> understood, List<string> refused, IReadOnlyList<NotUnderstood> notUnderstood,
        GeneratedPlan? previous, GeneratedPlan? after, IReadOnlyList<ProposalChange> changes, List<Intent> whys, IReadOnlyList<Missing> missing)
    {
        var parts = new List<string>();
        if (understood.Count > 0)
            parts.Add(w.Say("Понял: ", "Understood: ") + string.Join("; ", understood) + ".");
        if (previous is null && after is not null)
        {
            var roles = after.Roles.Select(r => $"{w.Role(r.Role)} ({r.Count}): " + string.Join(", ", r.Kpis.Select(k => k.MetricName).Distinct()));
            var total = after.Cost.Totals.First(t => t.Attainment == 1m);
            parts.Add(w.Say($"Предлагаю план на {string.Join(", ", after.Document.Periods)}. ", $"Here is a plan for {string.Join(", ", after.Document.Periods)}. ")
                + string.Join("; ", roles) + ". "
                + w.Say($"Премии при 100 % выполнения — {w.Money(total.VariablePay)} за весь план", $"Bonuses at 100 % attainment: {w.Money(total.VariablePay)} for the whole plan")
                + (total.ShareOfGrossProfit is { } share ? w.Say($" ({w.Pct(share)} валовой прибыли).", $" ({w.Pct(share)} of gross profit).") : "."));
        }
        if (changes.Count > 0)
        {
            const int shown = 12;
            parts.Add(w.Say("Что изменилось:", "What changed:") + "\n" + string.Join("\n", changes.Take(shown).Select(c => "— " + c.Text))
                + (changes.Count > shown ? "\n" + w.Say($"…и ещё {changes.Count - shown}.", $"…and {changes.Count - shown} more.") : ""));
            var (was, now) = (previous!.Cost.Totals.First(t => t.Attainment == 1m).VariablePay, after!.Cost.Totals.First(t => t.Attainment == 1m).VariablePay);
            if (was != now)
                parts.Add(w.Say($"Премии при 100 % выполнения: {w.Money(was)} → {w.Money(now)} за весь план.", $"Bonuses at 100 % attainment: {w.Money(was)} → {w.Money(now)} for the whole plan."));
            if (changes.Any(c => c.Field == "weight"))
                parts.Add(w.Say("Веса остальных KPI сдвинуты пропорционально, чтобы их сумма осталась 100 %.", "The other KPIs' weights moved in proportion so that they still add up to 100 %."));
        }
        else if (previous is not null && after is not null && refused.Count == 0 && understood.Count == 0 && whys.Count == 0 && notUnderstood.Count == 0)
            parts.Add(w.Say("Предложение не изменилось.", "The proposal did not change."));
        foreach (var reason in refused)
            parts.Add(w.Say("Не изменил: ", "Not changed: ") + reason);
        if (notUnderstood.Count > 0)
            parts.Add(w.Say("Не понял: ", "I did not understand: ") + string.Join(", ", notUnderstood.Select(n => w.Say($"«{n.Source.Text}»", $"\"{n.Source.Text}\"") + Reason(n.Reason, w)))
                + w.Say(". Переформулируйте, пожалуйста.", ". Please put it another way."));
        foreach (var why in whys)
            parts.AddRange(Explain(why, after, w));
        if (missing.FirstOrDefault() is { } next)
            parts.Add(next.Question);
        else if (after is not null)
            parts.Add(w.Say("Если всё устраивает, примите предложение — я создам черновик плана и команду.",
                "If it all looks right, accept the proposal and I will create the draft plan and the team."));
        return string.Join("\n\n", parts);
    }

    private static string Reason(string reason, Words w) => reason switch
    {
        "unknown_metric" => w.Say(" (такой показатель продукт не считает: он считает только метрики из событий CRM и расходов)",
            " (the product does not measure that: it computes only metrics from CRM events and spend)"),
        "metric_missing" => w.Say(" (не ясно, о каком KPI речь)", " (which KPI?)"),
        "value_missing" => w.Say(" (нужно число)", " (a number is needed)"),
        "role_missing" => w.Say(" (не ясно, какая роль: «менеджер» без уточнения — не роль)", " (which role? \"manager\" alone names none)"),
        "months_missing" => w.Say(" (какие месяцы?)", " (which months?)"),
        "goal_incomplete" => w.Say(" (цель неполная)", " (the goal is incomplete)"),
        _ => "",
    };

    private static IEnumerable<string> Explain(Intent why, GeneratedPlan? plan, Words w)
    {
        if (plan is null)
        {
            yield return w.Say("Предложения пока нет, объяснять нечего.", "There is no proposal yet to explain.");
            yield break;
        }
        var found = false;
        foreach (var role in plan.Roles.Where(r => why.Role is null || r.Role == why.Role))
        {
            foreach (var kpi in role.Kpis.Where(k => k.Metric == why.Metric || k.ComponentId == why.Metric))
            {
                found = true;
                yield return $"{w.Role(role.Role)} · {kpi.MetricName}: {kpi.Formula}. {kpi.Rationale}";
            }
        }
        if (!found)
            yield return w.Say($"KPI «{Name(why.Metric, w)}» в предложении нет.", $"The proposal has no KPI '{Name(why.Metric, w)}'.");
    }

    private static string Name(string? metric, Words w) =>
        metric is not null && Metrics.MetricCatalogue.TryGet(metric, out var definition) ? definition.Name.In(w.Language) : metric ?? "?";

    private static string Show(string metric, decimal value, Words w) =>
        Metrics.MetricCatalogue.TryGet(metric, out var definition) ? w.Value(definition, value) : NumberText.Invariant(value);
}
