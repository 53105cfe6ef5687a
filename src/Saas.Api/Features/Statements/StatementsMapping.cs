using Mapster;

namespace Saas.Api.Features.Statements;

/// <summary>A statement as a list shows it. The whole statement (<see cref="StatementAccess.ReadAsync"/>) and a job
/// (<see cref="JobRow.ToResponse"/>) are mapped by hand: they compute the change per line and the progress.</summary>
public sealed class StatementsMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Statement, StatementSummary>()
            .Map(summary => summary.Total, statement => Engine.Common.Currency.Scaled(statement.Total, statement.Currency));
}
