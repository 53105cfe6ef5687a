using Mapster;

namespace Saas.Api.Features.Statements;

/// <summary>A statement row as a list shows it. The whole statement (<see cref="StatementRow.ToResponse"/>) and a job
/// (<see cref="JobRow.ToResponse"/>) are mapped by hand: they compute the change per line and the progress.</summary>
public sealed class StatementsMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        // currency is char(3), which PostgreSQL pads with blanks.
        config.NewConfig<StatementRow, StatementSummary>()
            .Map(summary => summary.Currency, row => row.Currency.Trim())
            .Map(summary => summary.Total, row => Engine.Common.Currency.Scaled(row.Total, row.Currency.Trim()));
}
