using SIIVbG.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SIIVbG.Domain.Notices;
using SIIVbG.Domain.Operators;
using SIIVbG.Domain.Territory;

namespace SIIVbG.Infrastructure.Persistence.Configurations;

internal sealed class OperatorConfiguration : IEntityTypeConfiguration<Operator>
{
    public void Configure(EntityTypeBuilder<Operator> b)
    {
        b.ToTable("operators");
        b.HasKey(o => o.Id);
        b.Property(o => o.Run).HasMaxLength(12).IsRequired();
        b.HasIndex(o => o.Run).IsUnique();
        b.Property(o => o.GivenNames).HasMaxLength(120).IsRequired();
        b.Property(o => o.Surnames).HasMaxLength(120).IsRequired();
        b.Property(o => o.Level).HasConversion<int>();
        b.Property(o => o.ScopeKind).HasConversion<int>();
        b.Property(o => o.ScopeCode).HasMaxLength(20);
        b.Property(o => o.Functions).HasConversion<int>().HasColumnName("admin_functions").HasDefaultValue(AdminFunctions.None);
        b.Ignore(o => o.FullName);
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("regions");
        b.HasKey(r => r.Code);
        b.Property(r => r.Code).HasMaxLength(2);
        b.Property(r => r.Name).HasMaxLength(100);
    }
}

internal sealed class ProvinceConfiguration : IEntityTypeConfiguration<Province>
{
    public void Configure(EntityTypeBuilder<Province> b)
    {
        b.ToTable("provinces");
        b.HasKey(p => p.Code);
        b.Property(p => p.Code).HasMaxLength(3);
        b.Property(p => p.Name).HasMaxLength(100);
        b.HasOne<Region>().WithMany().HasForeignKey(p => p.RegionCode);
    }
}

internal sealed class ComunaConfiguration : IEntityTypeConfiguration<Comuna>
{
    public void Configure(EntityTypeBuilder<Comuna> b)
    {
        b.ToTable("comunas");
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(5);
        b.Property(c => c.Name).HasMaxLength(100);
        b.HasOne<Province>().WithMany().HasForeignKey(c => c.ProvinceCode);
        b.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionCode);
    }
}

internal sealed class ExecutingEntityConfiguration : IEntityTypeConfiguration<ExecutingEntity>
{
    public void Configure(EntityTypeBuilder<ExecutingEntity> b)
    {
        b.ToTable("executing_entities");
        b.HasKey(e => e.Code);
        b.Property(e => e.Code).HasMaxLength(Centre.MaxCodeLength);
        b.Property(e => e.Name).HasMaxLength(Centre.MaxNameLength);
        b.HasOne<Region>().WithMany().HasForeignKey(e => e.RegionCode);
    }
}

internal sealed class CentreConfiguration : IEntityTypeConfiguration<Centre>
{
    public void Configure(EntityTypeBuilder<Centre> b)
    {
        b.ToTable("centres");
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(Centre.MaxCodeLength);
        b.Property(c => c.Name).HasMaxLength(Centre.MaxNameLength);
        b.Property(c => c.Kind).HasMaxLength(Centre.MaxKindLength);
        b.HasOne<ExecutingEntity>().WithMany().HasForeignKey(c => c.ExecutingEntityCode);
        b.HasOne<Comuna>().WithMany().HasForeignKey(c => c.ComunaCode);
        b.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionCode);
    }
}

internal sealed class SystemNoticeConfiguration : IEntityTypeConfiguration<SystemNotice>
{
    public void Configure(EntityTypeBuilder<SystemNotice> b)
    {
        b.ToTable("system_notices");
        b.HasKey(n => n.Id);
        b.Property(n => n.Text).HasMaxLength(SystemNotice.MaxLength).IsRequired();
        b.Property(n => n.Severity).HasConversion<int>();
        b.HasOne<Operator>().WithMany().HasForeignKey(n => n.PostedBy).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(n => n.IsActive);
    }
}

internal sealed class AuditRowConfiguration : IEntityTypeConfiguration<AuditRow>
{
    public void Configure(EntityTypeBuilder<AuditRow> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(a => a.Sequence);
        b.Property(a => a.Sequence).ValueGeneratedNever();
        b.Property(a => a.Action).HasMaxLength(80).IsRequired();
        b.Property(a => a.OperatorRun).HasMaxLength(12);
        b.Property(a => a.Resource).HasMaxLength(200);
        b.Property(a => a.Reason).HasMaxLength(1000);
        b.Property(a => a.PreviousHash).IsRequired();
        b.Property(a => a.Hash).IsRequired();
        b.HasIndex(a => a.OccurredAt);
        b.HasIndex(a => a.OperatorId);
        b.HasIndex(a => a.SurvivorId);
    }
}

internal sealed class JobHeartbeatConfiguration : IEntityTypeConfiguration<JobHeartbeat>
{
    public void Configure(EntityTypeBuilder<JobHeartbeat> b)
    {
        b.ToTable("job_heartbeats");
        b.HasKey(h => new { h.Job, h.Node });
        b.Property(h => h.Job).HasMaxLength(100);
        b.Property(h => h.Node).HasMaxLength(200);
    }
}

internal sealed class OperatorChangeRequestConfiguration : IEntityTypeConfiguration<SIIVbG.Domain.Operators.OperatorChangeRequest>
{
    public void Configure(EntityTypeBuilder<SIIVbG.Domain.Operators.OperatorChangeRequest> b)
    {
        b.ToTable("operator_change_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Kind).HasConversion<int>();
        b.Property(r => r.State).HasConversion<int>();
        b.Property(r => r.Level).HasConversion<int>();
        b.Property(r => r.Run).HasMaxLength(12);
        b.Property(r => r.GivenNames).HasMaxLength(120);
        b.Property(r => r.Surnames).HasMaxLength(120);
        b.Property(r => r.CentreCode).HasMaxLength(20);
        b.Property(r => r.Reason).HasMaxLength(SIIVbG.Domain.Operators.OperatorChangeRequest.MaxReasonLength).IsRequired();
        b.Property(r => r.DecisionReason).HasMaxLength(SIIVbG.Domain.Operators.OperatorChangeRequest.MaxReasonLength);
        b.HasOne<Operator>().WithMany().HasForeignKey(r => r.RequestedBy).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.State, r.RequestedAt });
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class FeatureSwitchConfiguration : IEntityTypeConfiguration<SIIVbG.Domain.Features.FeatureSwitch>
{
    public void Configure(EntityTypeBuilder<SIIVbG.Domain.Features.FeatureSwitch> b)
    {
        b.ToTable("feature_switches");
        b.HasKey(f => f.Module);
        b.Property(f => f.Module).HasConversion<int>().ValueGeneratedNever();
    }
}
