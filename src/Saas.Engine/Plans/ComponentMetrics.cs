namespace Saas.Engine.Plans;

public static class ComponentMetrics
{
    /// <summary>The metric a component measures; null for a share of revenue or profit, which is paid on deals.</summary>
    public static string? MetricOf(Component component) => component switch
    {
        IAttainmentTerms terms => terms.Metric,
        StepComponent step => step.Metric,
        GrowthComponent growth => growth.Metric,
        PerUnitComponent perUnit => perUnit.Metric,
        GateComponent gate => gate.Metric,
        SpifComponent spif => spif.Metric,
        MultiplierComponent { Condition: { } condition } => condition.Metric,
        _ => null,
    };
}
