using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Operators;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Persistence.Configurations;

internal sealed class AccessGrantConfiguration : IEntityTypeConfiguration<AccessGrant>
{
    public void Configure(EntityTypeBuilder<AccessGrant> b)
    {
        b.ToTable("access_grants");
        b.HasKey(g => g.Id);
        b.Property(g => g.Tabs).HasConversion(
            tabs => tabs.Select(t => (int)t).ToArray(),
            ints => ints.Select(i => (SIIVbG.Domain.Access.Survivors.SurvivorTab)i).ToArray(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<SIIVbG.Domain.Access.Survivors.SurvivorTab[]>(
                (a, c) => a!.SequenceEqual(c!), a => a.Aggregate(0, (h, t) => HashCode.Combine(h, t)), a => a.ToArray()));
        b.Property(g => g.Justification).HasMaxLength(2000).IsRequired();
        b.Ignore(g => g.Scope);
        b.HasOne<Operator>().WithMany().HasForeignKey(g => g.OperatorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Operator>().WithMany().HasForeignKey(g => g.ApprovedBy).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Survivor>().WithMany().HasForeignKey(g => g.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(g => new { g.SurvivorId, g.OperatorId });
    }
}

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> b)
    {
        b.ToTable("access_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.RequesterLevel).HasConversion<int>();
        b.Property(r => r.RequesterScopeKind).HasConversion<int>();
        b.Property(r => r.RequesterScopeCode).HasMaxLength(20);
        b.Property(r => r.RequesterEntityCode).HasMaxLength(20);
        b.Property(r => r.RequesterRegionCode).HasMaxLength(2);
        b.Property(r => r.State).HasConversion<int>();
        b.Property(r => r.Tabs).HasConversion(
            tabs => tabs.Select(t => (int)t).ToArray(),
            ints => ints.Select(i => (SIIVbG.Domain.Access.Survivors.SurvivorTab)i).ToArray(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<SIIVbG.Domain.Access.Survivors.SurvivorTab[]>(
                (a, c) => a!.SequenceEqual(c!), a => a.Aggregate(0, (h, t) => HashCode.Combine(h, t)), a => a.ToArray()));
        b.Property(r => r.Justification).HasMaxLength(AccessRequest.MaxTextLength).IsRequired();
        b.Property(r => r.DecisionReason).HasMaxLength(AccessRequest.MaxTextLength);
        b.Ignore(r => r.Scope);
        b.HasOne<Operator>().WithMany().HasForeignKey(r => r.RequesterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Survivor>().WithMany().HasForeignKey(r => r.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        // One pending request per person and survivor: asking twice adds nothing for the approver.
        b.HasIndex(r => new { r.RequesterId, r.SurvivorId }).IsUnique().HasFilter("state = 1");
        b.HasIndex(r => new { r.State, r.RequesterLevel });
        b.Property<uint>("Version").IsRowVersion();
    }
}
