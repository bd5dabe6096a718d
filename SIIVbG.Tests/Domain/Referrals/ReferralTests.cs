using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Referrals;

namespace SIIVbG.Tests.Domain.Referrals;

[Trait("Area", "Referrals")]
public class ReferralTests
{
    internal static readonly Guid Sender = Guid.NewGuid();
    internal static readonly Guid Receiver = Guid.NewGuid();
    internal static readonly DateTimeOffset T0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.FromHours(-4));
    internal static readonly DateOnly Today = DateOnly.FromDateTime(T0.Date);

    internal static readonly ReferralOrigin Origin = new(Guid.NewGuid(), Guid.NewGuid(), "CDM-13101", "13", "EE-13");
    internal static readonly ReferralDestination OtherCentre = ReferralDestination.ToCentre("CDM-05101", "05", "EE-05");

    internal static Referral NewReferral(ReferralDestination? to = null, PackageField[]? fields = null, bool consent = true,
        DateOnly? dueOn = null) =>
        Referral.Send(Origin, to ?? OtherCentre, "Requiere casa de acogida en otra región", ReferralUrgency.High,
            dueOn ?? Today.AddDays(3), Today, fields ?? [PackageField.Identification, PackageField.LatestRisk], "{\"nombres\":\"Ana\"}",
            consent, T0, Sender);

    /// <summary>Brings a new referral to <paramref name="state"/> along the legal path, one hour per step.</summary>
    internal static Referral ReferralIn(ReferralState state)
    {
        var r = NewReferral();
        var at = T0;
        DateTimeOffset Next() => at = at.AddHours(1);
        switch (state)
        {
            case ReferralState.Sent: break;
            case ReferralState.Received: r.Receive(Next(), Receiver); break;
            case ReferralState.Accepted: r.Accept(Next(), Receiver); break;
            case ReferralState.Rejected: r.Reject(Next(), Receiver, "Sin cupos"); break;
            case ReferralState.Attended: r.Accept(Next(), Receiver); r.MarkAttended(Next(), Receiver); break;
            case ReferralState.Closed:
                r.Accept(Next(), Receiver); r.MarkAttended(Next(), Receiver);
                r.SendCounterReferral("Ingresó a casa de acogida", "Alojamiento, atención psicológica", "Seguimiento mensual", Next(), Receiver);
                break;
            case ReferralState.Withdrawn: r.Withdraw(Next(), Sender, "Ella prefirió quedarse en su comuna"); break;
        }
        Assert.Equal(state, r.State);
        return r;
    }

    public enum Step { Receive, Accept, Reject, Withdraw, MarkAttended, CounterRefer, Close }

    private static void Take(Referral r, Step step, DateTimeOffset at)
    {
        switch (step)
        {
            case Step.Receive: r.Receive(at, Receiver); break;
            case Step.Accept: r.Accept(at, Receiver); break;
            case Step.Reject: r.Reject(at, Receiver, "No corresponde al perfil"); break;
            case Step.Withdraw: r.Withdraw(at, Sender, "Se resolvió de otra forma"); break;
            case Step.MarkAttended: r.MarkAttended(at, Receiver); break;
            case Step.CounterRefer: r.SendCounterReferral("Atendida", "Orientación jurídica", "", at, Receiver); break;
            case Step.Close: r.Close(at, Sender, "Derivada a otro centro"); break;
        }
    }

    /// <summary>Every state × every step: where it lands, or that the Domain refuses it.</summary>
    public static TheoryData<ReferralState, Step, ReferralState?> Transitions => new()
    {
        // from                     step                 to (null: refused)
        { ReferralState.Sent,       Step.Receive,        ReferralState.Received },
        { ReferralState.Sent,       Step.Accept,         ReferralState.Accepted },
        { ReferralState.Sent,       Step.Reject,         ReferralState.Rejected },
        { ReferralState.Sent,       Step.Withdraw,       ReferralState.Withdrawn },
        { ReferralState.Sent,       Step.MarkAttended,   null },
        { ReferralState.Sent,       Step.CounterRefer,   null },
        { ReferralState.Sent,       Step.Close,          null },
        { ReferralState.Received,   Step.Receive,        ReferralState.Received },
        { ReferralState.Received,   Step.Accept,         ReferralState.Accepted },
        { ReferralState.Received,   Step.Reject,         ReferralState.Rejected },
        { ReferralState.Received,   Step.Withdraw,       ReferralState.Withdrawn },
        { ReferralState.Received,   Step.MarkAttended,   null },
        { ReferralState.Received,   Step.CounterRefer,   null },
        { ReferralState.Received,   Step.Close,          null },
        { ReferralState.Accepted,   Step.Receive,        null },
        { ReferralState.Accepted,   Step.Accept,         ReferralState.Accepted },
        { ReferralState.Accepted,   Step.Reject,         null },
        { ReferralState.Accepted,   Step.Withdraw,       ReferralState.Withdrawn },
        { ReferralState.Accepted,   Step.MarkAttended,   ReferralState.Attended },
        { ReferralState.Accepted,   Step.CounterRefer,   null },
        { ReferralState.Accepted,   Step.Close,          null },
        { ReferralState.Rejected,   Step.Receive,        null },
        { ReferralState.Rejected,   Step.Accept,         null },
        { ReferralState.Rejected,   Step.Reject,         ReferralState.Rejected },
        { ReferralState.Rejected,   Step.Withdraw,       null },
        { ReferralState.Rejected,   Step.MarkAttended,   null },
        { ReferralState.Rejected,   Step.CounterRefer,   null },
        { ReferralState.Rejected,   Step.Close,          ReferralState.Closed },
        { ReferralState.Attended,   Step.Receive,        null },
        { ReferralState.Attended,   Step.Accept,         null },
        { ReferralState.Attended,   Step.Reject,         null },
        { ReferralState.Attended,   Step.Withdraw,       null },
        { ReferralState.Attended,   Step.MarkAttended,   ReferralState.Attended },
        { ReferralState.Attended,   Step.CounterRefer,   ReferralState.Closed },
        { ReferralState.Attended,   Step.Close,          null },
        { ReferralState.Closed,     Step.Receive,        null },
        { ReferralState.Closed,     Step.Accept,         null },
        { ReferralState.Closed,     Step.Reject,         null },
        { ReferralState.Closed,     Step.Withdraw,       null },
        { ReferralState.Closed,     Step.MarkAttended,   null },
        { ReferralState.Closed,     Step.CounterRefer,   null },
        { ReferralState.Closed,     Step.Close,          ReferralState.Closed },
        { ReferralState.Withdrawn,  Step.Receive,        null },
        { ReferralState.Withdrawn,  Step.Accept,         null },
        { ReferralState.Withdrawn,  Step.Reject,         null },
        { ReferralState.Withdrawn,  Step.Withdraw,       ReferralState.Withdrawn },
        { ReferralState.Withdrawn,  Step.MarkAttended,   null },
        { ReferralState.Withdrawn,  Step.CounterRefer,   null },
        { ReferralState.Withdrawn,  Step.Close,          null },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Step_MovesAlongTheStateMachine_OrIsRefused(ReferralState from, Step step, ReferralState? expected)
    {
        var r = ReferralIn(from);
        var stepsBefore = r.Steps.Count;
        var at = r.Steps.Max(s => s.At).AddHours(1);

        if (expected is null)
        {
            var ex = Assert.Throws<DomainException>(() => Take(r, step, at));
            Assert.StartsWith("No es posible pasar la derivación de " + ReferralStateNames.Spanish(from), ex.Message);
            Assert.Equal(from, r.State);
            Assert.Equal(stepsBefore, r.Steps.Count);
            return;
        }
        Take(r, step, at);
        Assert.Equal(expected, r.State);
        Assert.Equal(from == expected ? stepsBefore : stepsBefore + (from == ReferralState.Sent && expected is ReferralState.Accepted or ReferralState.Rejected ? 2 : 1),
            r.Steps.Count);
    }

    [Fact]
    public void EveryStateReachedByTheTable_IsAllTheStates()
    {
        var covered = Transitions.Select(row => (ReferralState)row[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<ReferralState>().ToHashSet(), covered);
        Assert.Equal(Enum.GetValues<ReferralState>().Length * Enum.GetValues<Step>().Length, Transitions.Count);
    }

    [Fact]
    public void Send_Refuses_SharingFieldsHerConsentDoesNotAllow()
    {
        var ex = Assert.Throws<DomainException>(() => NewReferral(consent: false));
        Assert.Contains("consentimiento no permite compartir datos con otros centros", ex.Message);
        var external = Assert.Throws<DomainException>(() =>
            NewReferral(to: ReferralDestination.ToInstitution("FISCALIA", "13"), consent: false));
        Assert.Contains("otras instituciones", external.Message);
    }

    [Fact]
    public void Send_WithoutConsent_CarriesReasonAndUrgencyOnly()
    {
        var r = NewReferral(fields: [], consent: false);
        Assert.Empty(r.PackageFields);
        Assert.Equal("{}", r.PackageJson);
        Assert.Equal(ReferralUrgency.High, r.Urgency);
    }

    [Fact]
    public void Send_Refuses_ReferringToTheSameCentre()
    {
        var ex = Assert.Throws<DomainException>(() => NewReferral(to: ReferralDestination.ToCentre(Origin.CentreCode, "13", "EE-13")));
        Assert.Contains("mismo centro", ex.Message);
    }

    [Fact]
    public void Send_Refuses_ADueDateInThePast_AndAMissingReason()
    {
        Assert.Throws<DomainException>(() => NewReferral(dueOn: Today.AddDays(-1)));
        var ex = Assert.Throws<DomainException>(() => Referral.Send(Origin, OtherCentre, "  ", ReferralUrgency.Normal, Today, Today, [], "{}", true, T0, Sender));
        Assert.Equal("Indique el motivo de la derivación.", ex.Message);
    }

    [Fact]
    public void Send_ToAnInstitution_KeepsNoDestinationCentre()
    {
        var r = NewReferral(to: ReferralDestination.ToInstitution("PDI", "13"));
        Assert.Equal(ReferralKind.External, r.Kind);
        Assert.Null(r.ToCentreCode);
        Assert.Equal("PDI", r.ToInstitutionCode);
        Assert.Null(r.ToExecutingEntityCode);
    }

    [Theory]
    [InlineData(RiskLevel.Vital, ReferralUrgency.Urgent, 1)]
    [InlineData(RiskLevel.High, ReferralUrgency.High, 3)]
    [InlineData(RiskLevel.Medium, ReferralUrgency.Normal, 10)]
    [InlineData(null, ReferralUrgency.Normal, 10)]
    public void Urgency_ComesFromHerLatestRisk_AndSetsTheDefaultDueDate(RiskLevel? risk, ReferralUrgency urgency, int days)
    {
        Assert.Equal(urgency, Referral.UrgencyFor(risk));
        Assert.Equal(Today.AddDays(days), Referral.DefaultDueOn(urgency, Today));
    }

    [Fact]
    public void Reject_And_Withdraw_RequireAReason()
    {
        Assert.Throws<DomainException>(() => ReferralIn(ReferralState.Received).Reject(T0.AddDays(1), Receiver, ""));
        Assert.Throws<DomainException>(() => ReferralIn(ReferralState.Sent).Withdraw(T0.AddDays(1), Sender, " "));
    }

    [Fact]
    public void CounterReferral_IsKept_WithWhoAndWhen()
    {
        var r = ReferralIn(ReferralState.Closed);
        Assert.NotNull(r.CounterReferral);
        Assert.Equal("Ingresó a casa de acogida", r.CounterReferral!.Outcome);
        Assert.Equal(Receiver, r.CounterReferral.By);
        Assert.Equal(r.Steps[^1].At, r.CounterReferral.At);
    }

    [Fact]
    public void CounterReferral_RequiresOutcomeAndServices()
    {
        var r = ReferralIn(ReferralState.Attended);
        Assert.Throws<DomainException>(() => r.SendCounterReferral("", "Orientación", "", T0.AddDays(1), Receiver));
        Assert.Throws<DomainException>(() => r.SendCounterReferral("Atendida", " ", "", T0.AddDays(1), Receiver));
        Assert.Equal(ReferralState.Attended, r.State);
    }

    [Fact]
    public void AStep_CannotBeDatedBeforeThePreviousOne()
    {
        var r = ReferralIn(ReferralState.Received);
        var ex = Assert.Throws<DomainException>(() => r.Accept(T0.AddMinutes(30), Receiver));
        Assert.Contains("anterior al último paso", ex.Message);
    }

    [Fact]
    public void FollowUp_IsRecorded_WithKindDateAndResult_ButNotOnAWithdrawnReferral()
    {
        var r = ReferralIn(ReferralState.Accepted);
        var f = r.RecordFollowUp(FollowUpKind.Call, T0.AddHours(3), "Confirmó asistencia", T0.AddHours(4), Sender);
        Assert.Equal(FollowUpKind.Call, f.Kind);
        Assert.Single(r.FollowUps);
        Assert.Throws<DomainException>(() => r.RecordFollowUp(FollowUpKind.Visit, T0.AddDays(2), "x", T0.AddHours(4), Sender));
        Assert.Throws<DomainException>(() => r.RecordFollowUp(FollowUpKind.Visit, T0.AddHours(-1), "x", T0.AddHours(4), Sender));
        Assert.Throws<DomainException>(() => ReferralIn(ReferralState.Withdrawn)
            .RecordFollowUp(FollowUpKind.Call, T0.AddHours(2), "x", T0.AddHours(3), Sender));
    }

    [Theory]
    [InlineData(ReferralState.Sent, 4, true)]
    [InlineData(ReferralState.Received, 4, true)]
    [InlineData(ReferralState.Sent, 3, false)]
    [InlineData(ReferralState.Accepted, 9, false)]
    [InlineData(ReferralState.Withdrawn, 9, false)]
    public void Overdue_MeansNotReceivedOrAnsweredByTheDueDate(ReferralState state, int daysLater, bool overdue)
    {
        var r = ReferralIn(state); // due three days after sending
        Assert.Equal(overdue, r.IsOverdueOn(Today.AddDays(daysLater)));
    }
}
