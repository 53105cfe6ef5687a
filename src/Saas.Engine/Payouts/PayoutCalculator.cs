using Saas.Engine.Common;
using Saas.Engine.Plans;
using Saas.Engine.Text;
using static Saas.Engine.Payouts.PayoutContext;

namespace Saas.Engine.Payouts;

/// <summary>The payout of one assignment for one period, line by line: the same code for what-if simulations and
/// for statements. Order: components (each followed by its cap), multipliers, gates, the cap on the whole variable pay,
/// proration, adjustments, and last the rounding of the total to the currency's minor unit.</summary>
public static class PayoutCalculator
{
    /// <exception cref="ArgumentException">The assignment fails <see cref="PlanValidator"/>, the currency is unknown,
    /// or a deal's split share is not in (0, 1].</exception>
    public static PayoutResult Calculate(PayoutInput input)
    {
        Guard(input);
        var assignment = input.Assignment;
        var (components, overridden) = SeasonalOverrides.ForPeriod(assignment, input.Period.ToString());
        var (targetPay, targetFormula) = TargetPay(input);
        var ctx = new PayoutContext(input, targetPay, overridden);

        var lines = new List<PayoutLine>();
        var earned = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            IReadOnlyList<PayoutLine> own = component switch
            {
                AttainmentComponent a => [AttainmentPayout.Calculate(a, ctx)],
                TeamComponent t => [AttainmentPayout.Calculate(t, ctx)],
                StepComponent s => [StepPayout.Calculate(s, ctx)],
                GrowthComponent g => [GrowthPayout.Calculate(g, ctx)],
                PerUnitComponent p => [PerUnitPayout.Calculate(p, ctx)],
                ShareComponent s => SharePayout.Calculate(s, ctx),
                SpifComponent s when SpifPayout.IsSettledIn(s, input) => [SpifPayout.Calculate(s, ctx)],
                _ => [],
            };
            if (own.Count == 0)
                continue;
            lines.AddRange(own);
            var amount = own.Sum(l => l.Amount);
            if (component.MaxPayout is { } max && amount > max.Resolve(targetPay))
            {
                var cap = Cap(PayoutLineKind.ComponentCap, amount, max, ctx,
                    ctx.Say($"Потолок «{component.Label ?? component.Id}»", $"Cap on '{component.Label ?? component.Id}'")) with
                {
                    ComponentId = component.Id,
                    ComponentKind = component.Kind,
                    Label = component.Label,
                };
                lines.Add(cap);
                amount += cap.Amount;
            }
            earned[component.Id] = amount;
        }
        var totalBeforeCaps = lines.Where(l => l.Kind == PayoutLineKind.Component).Sum(l => l.Amount);

        foreach (var multiplier in components.OfType<MultiplierComponent>())
            lines.AddRange(MultiplierPayout.Apply(multiplier, earned, components, ctx));

        foreach (var gate in components.OfType<GateComponent>())
            lines.Add(GatePayout.Apply(gate, earned, components, ctx));

        var variable = lines.Sum(l => l.Amount);
        if (assignment.MaxVariablePay is { } totalMax && variable > totalMax.Resolve(targetPay))
        {
            lines.Add(Cap(PayoutLineKind.TotalCap, variable, totalMax, ctx, ctx.Say("Потолок переменной части", "Cap on the variable pay")));
            variable = lines.Sum(l => l.Amount);
        }

        if (input.Proration is { } proration && proration.ActiveDays != proration.PeriodDays)
            lines.Add(Prorate(variable, proration, ctx));

        lines.AddRange(input.Adjustments.Select(adjustment => new PayoutLine
        {
            Kind = PayoutLineKind.Adjustment,
            Outcome = LineOutcome.Paid,
            Amount = adjustment.Amount,
            Formula = Inv(adjustment.Amount),
            Explanation = ctx.Say($"Корректировка: {adjustment.Reason}: {ctx.Money(adjustment.Amount)}",
                $"Adjustment: {adjustment.Reason}: {ctx.Money(adjustment.Amount)}"),
        }));

        lines.AddRange(input.Clawbacks.Select(clawback => new PayoutLine
        {
            Kind = PayoutLineKind.Clawback,
            Outcome = LineOutcome.Paid,
            DealId = clawback.DealId,
            Amount = -clawback.Amount,
            Formula = Inv(-clawback.Amount),
            Explanation = ctx.Say($"Возврат комиссии по сделке {clawback.DealId}, выплаченной за {clawback.PaidIn}: {clawback.Reason}: −{ctx.Money(clawback.Amount)}",
                $"Commission on deal {clawback.DealId} paid for {clawback.PaidIn} taken back: {clawback.Reason}: −{ctx.Money(clawback.Amount)}"),
        }));

        var drawBalance = input.DrawBalance;
        if (assignment.Draw is { } draw)
            (lines, drawBalance) = Draws.Apply(draw, input, lines, ctx);

        var unrounded = lines.Sum(l => l.Amount);
        var total = Currency.Round(unrounded, input.Currency);
        if (total != unrounded)
            lines.Add(Rounding(unrounded, total, ctx));

        return new PayoutResult
        {
            Currency = input.Currency,
            TargetVariablePay = Trim(targetPay),
            TargetFormula = targetFormula,
            Lines = lines.Select(l => l with { Amount = Trim(l.Amount), Attainment = l.Attainment is { } a ? Trim(a) : null }).ToList(),
            TotalBeforeCaps = Trim(totalBeforeCaps),
            TotalUnrounded = Trim(unrounded),
            Total = total,
            DrawBalance = Trim(drawBalance),
        };
    }

    private static void Guard(PayoutInput input)
    {
        var errors = PlanValidator.ValidateAssignment(input.Assignment);
        if (errors.Count > 0)
            throw new ArgumentException("The assignment is not a valid plan part: " +
                string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")), nameof(input));
        if (!Currency.IsKnown(input.Currency))
            throw new ArgumentException($"Unknown currency '{input.Currency}'.", nameof(input));
        if (input.BaseSalary < 0)
            throw new ArgumentException("A base salary cannot be negative.", nameof(input));
        if (input.Deals.FirstOrDefault(d => d.Share is <= 0 or > 1) is { } deal)
            throw new ArgumentException($"Deal {deal.DealId}: a split share is a fraction in (0, 1], not {deal.Share}.", nameof(input));
    }

    private static (decimal Amount, string Formula) TargetPay(PayoutInput input)
    {
        // A commission-only assignment has no target: nothing in it is a share of one (the validator sees to that).
        if (input.Assignment.TargetVariablePay is not { } pay)
            return (0m, "0");
        if (pay.Amount is { } amount)
            return (amount, Inv(amount));
        var baseSalary = input.BaseSalary ?? input.Assignment.BaseSalary ?? 0m;
        var target = baseSalary * pay.OfBase!.Value;
        return (target, $"{Inv(baseSalary)} × {Inv(pay.OfBase.Value)} = {Inv(target)}");
    }

    private static PayoutLine Cap(PayoutLineKind kind, decimal amount, PayAmount max, PayoutContext ctx, string subject)
    {
        var cap = max.Resolve(ctx.TargetPay);
        var capFormula = max.OfTarget is { } share ? $"{Inv(ctx.TargetPay)} × {Inv(share)}" : Inv(cap);
        var cut = cap - amount;
        return new PayoutLine
        {
            Kind = kind,
            Outcome = LineOutcome.Paid,
            Amount = cut,
            Formula = $"min({Inv(amount)}, {capFormula}) − {Inv(amount)} = {Inv(cut)}",
            Explanation = ctx.Say($"{subject}: не более {ctx.Money(cap)}; {ctx.Money(amount)} → {ctx.Money(cap)}: {ctx.Money(cut)}",
                $"{subject}: at most {ctx.Money(cap)}; {ctx.Money(amount)} → {ctx.Money(cap)}: {ctx.Money(cut)}"),
        };
    }

    private static PayoutLine Prorate(decimal amount, Proration proration, PayoutContext ctx)
    {
        var (active, days) = (proration.ActiveDays, proration.PeriodDays);
        // Multiply before dividing, so that 45 000 × 20 / 30 stays exact.
        var prorated = amount * active / days;
        var cut = prorated - amount;
        return new PayoutLine
        {
            Kind = PayoutLineKind.Proration,
            Outcome = LineOutcome.Paid,
            Rate = (decimal)active / days,
            Amount = cut,
            Formula = $"{Inv(amount)} × {active} / {days} − {Inv(amount)} = {Inv(cut)}",
            Explanation = ctx.Say(
                $"План действовал {active} из {days} дн. периода {ctx.Input.Period}: {ctx.Money(amount)} × {active}/{days} = {ctx.Money(prorated)}, {ctx.Money(cut)}",
                $"The plan was in force {active} of the {days} days of {ctx.Input.Period}: {ctx.Money(amount)} × {active}/{days} = {ctx.Money(prorated)}, {ctx.Money(cut)}"),
        };
    }

    private static PayoutLine Rounding(decimal unrounded, decimal total, PayoutContext ctx)
    {
        var minor = Currency.MinorUnitsOf(ctx.Input.Currency);
        var step = ctx.Money(1m / Pow10(minor));
        var shown = NumberText.Number(unrounded, ctx.Language, 0, 10);
        return new PayoutLine
        {
            Kind = PayoutLineKind.Rounding,
            Outcome = LineOutcome.Paid,
            Amount = total - unrounded,
            Formula = $"round({NumberText.Exact(unrounded)}, {minor}) − {NumberText.Exact(unrounded)} = {NumberText.Exact(total - unrounded)}",
            Explanation = ctx.Say($"Итог округлён до {step}: {shown} → {ctx.Money(total)}", $"Total rounded to {step}: {shown} → {ctx.Money(total)}"),
        };
    }

    // Same value without trailing zeros (20700.0000 → 20700), so that responses do not carry multiplication's scale.
    private static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++)
            result *= 10;
        return result;
    }
}
