using Saas.Engine.Plans;

namespace Saas.Engine.Payouts;

/// <summary>A draw against the period's variable pay (everything before rounding): tops it up to the guarantee, or,
/// for a recoverable draw with a balance, recovers from what is earned above the guarantee.</summary>
internal static class Draws
{
    public static (List<PayoutLine> Lines, decimal Balance) Apply(DrawTerms draw, PayoutInput input, List<PayoutLine> lines, PayoutContext ctx)
    {
        var earned = lines.Sum(l => l.Amount);
        // A part of a period guarantees its part of the draw, as the rest of the pay is prorated.
        var guarantee = input.Proration is { } p && p.ActiveDays != p.PeriodDays ? draw.Amount * p.ActiveDays / p.PeriodDays : draw.Amount;
        var balance = draw.Recoverable ? input.DrawBalance : 0m;
        var formulaGuarantee = PayoutContext.Inv(guarantee);

        if (earned < guarantee)
        {
            var topUp = guarantee - earned;
            lines.Add(new PayoutLine
            {
                Kind = PayoutLineKind.Draw,
                Outcome = LineOutcome.Paid,
                Amount = topUp,
                Target = guarantee,
                Actual = earned,
                Formula = $"{formulaGuarantee} − {PayoutContext.Inv(earned)} = {PayoutContext.Inv(topUp)}",
                Explanation = draw.Recoverable
                    ? ctx.Say($"Гарантированный минимум {ctx.Money(guarantee)}: доплата {ctx.Money(topUp)}, будет удержана из будущих бонусов сверх минимума",
                        $"Guaranteed draw of {ctx.Money(guarantee)}: {ctx.Money(topUp)} topped up, to be recovered from future pay above the draw")
                    : ctx.Say($"Гарантированный минимум {ctx.Money(guarantee)}: доплата {ctx.Money(topUp)}",
                        $"Guaranteed draw of {ctx.Money(guarantee)}: {ctx.Money(topUp)} topped up"),
            });
            return (lines, draw.Recoverable ? balance + topUp : 0m);
        }

        if (balance > 0)
        {
            var recovered = Math.Min(balance, earned - guarantee);
            if (recovered > 0)
            {
                lines.Add(new PayoutLine
                {
                    Kind = PayoutLineKind.DrawRecovery,
                    Outcome = LineOutcome.Paid,
                    Amount = -recovered,
                    Target = guarantee,
                    Actual = earned,
                    Formula = $"−min({PayoutContext.Inv(balance)}, {PayoutContext.Inv(earned)} − {formulaGuarantee}) = {PayoutContext.Inv(-recovered)}",
                    Explanation = ctx.Say(
                        $"Удержание ранее доплаченного минимума: {ctx.Money(recovered)} из {ctx.Money(balance)}; остаток {ctx.Money(balance - recovered)}",
                        $"Draw recovered: {ctx.Money(recovered)} of {ctx.Money(balance)}; {ctx.Money(balance - recovered)} left"),
                });
                balance -= recovered;
            }
        }
        return (lines, balance);
    }
}
