using SIIVbG.Domain.Common;
using SIIVbG.Domain.Consents;

namespace SIIVbG.Tests.Domain.Cases;

[Trait("Area", "Registry")]
public class ConsentTests
{
    private static readonly Guid Survivor = Guid.NewGuid();
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(-3));

    private static Consent Button(ConsentDeclarations? declarations = null, string? evidence = "sha256:ab12") =>
        Consent.RecordObtained(Survivor, ConsentGiver.Survivor, null, null, ConsentForm.SimpleElectronicSignature,
            declarations ?? ConsentDeclarations.All, evidence, null, Now, Worker);

    private static Consent Paper(Guid? copy = null) =>
        Consent.RecordObtained(Survivor, ConsentGiver.Survivor, null, null, ConsentForm.ScannedPaper,
            ConsentDeclarations.All, null, copy, Now, Worker);

    [Fact]
    public void IsComplete_WhenObtainedWithAllDeclarationsAndEvidence()
    {
        var c = Button();

        Assert.True(c.IsComplete);
        Assert.Empty(c.MissingElements());
    }

    [Theory]
    [InlineData(ConsentForm.SimpleElectronicSignature)]
    [InlineData(ConsentForm.ClaveUnica)]
    public void MissingElements_ListsSignatureEvidence_ForOnlineForms(ConsentForm form)
    {
        var c = Consent.RecordObtained(Survivor, ConsentGiver.Survivor, null, null, form, ConsentDeclarations.All, " ", null, Now, Worker);

        Assert.Equal([ConsentElement.SignatureEvidence], c.MissingElements());
        Assert.False(c.IsComplete);
    }

    [Fact]
    public void MissingElements_ListsTheScannedCopy_ForPaper_AndNotTheSignatureEvidence()
    {
        var c = Paper();

        Assert.Equal([ConsentElement.ScannedCopy], c.MissingElements());

        c.AttachScannedCopy(Guid.NewGuid());
        Assert.True(c.IsComplete);
    }

    [Fact]
    public void MissingElements_ListsEachDeclarationNotAffirmed()
    {
        var c = Button(new ConsentDeclarations(PurposeAndRecipients: true, ConsequencesOfRefusal: false,
            ArcopiRights: false, Confidentiality: true, TruthfulData: false));

        Assert.Equal(
            [ConsentElement.ConsequencesOfRefusal, ConsentElement.ArcopiRights, ConsentElement.TruthfulData],
            c.MissingElements());
    }

    [Fact]
    public void MissingElements_ForARefusal_StartsWithObtained()
    {
        var c = Consent.RecordRefused(Survivor, ConsentGiver.Survivor, null, null, Now, Worker);

        Assert.False(c.Obtained);
        Assert.Equal(
            [ConsentElement.Obtained, ConsentElement.Form, ConsentElement.PurposeAndRecipients, ConsentElement.ConsequencesOfRefusal,
             ConsentElement.ArcopiRights, ConsentElement.Confidentiality, ConsentElement.TruthfulData],
            c.MissingElements());
    }

    [Fact]
    public void RecordDeclarations_CompletesItems_AndNeverUnaffirmsOne()
    {
        var c = Button(ConsentDeclarations.None with { PurposeAndRecipients = true });

        c.RecordDeclarations(new ConsentDeclarations(false, true, true, true, true));

        Assert.Equal(ConsentDeclarations.All, c.Declarations);
        Assert.True(c.IsComplete);
    }

    [Fact]
    public void RecordSignatureEvidence_CompletesAnOnlineConsent()
    {
        var c = Button(evidence: null);

        c.RecordSignatureEvidence("claveunica:9f8e");

        Assert.Equal("claveunica:9f8e", c.SignatureEvidence);
        Assert.True(c.IsComplete);
    }

    [Fact]
    public void AttachScannedCopy_Throws_WhenConsentWasNotOnPaper()
    {
        var ex = Assert.Throws<DomainException>(() => Button().AttachScannedCopy(Guid.NewGuid()));

        Assert.Equal("Solo un consentimiento firmado en papel lleva copia digitalizada.", ex.Message);
    }

    [Fact]
    public void RecordObtained_ByARepresentative_RequiresNameAndRelation()
    {
        var ex = Assert.Throws<DomainException>(() => Consent.RecordObtained(Survivor, ConsentGiver.Representative,
            "María Pérez", " ", ConsentForm.ScannedPaper, ConsentDeclarations.All, null, Guid.NewGuid(), Now, Worker));

        Assert.Equal("Indique el nombre del representante y su relación con la sobreviviente.", ex.Message);

        var c = Consent.RecordObtained(Survivor, ConsentGiver.Representative, " María Pérez ", "Madre",
            ConsentForm.ScannedPaper, ConsentDeclarations.All, null, Guid.NewGuid(), Now, Worker);
        Assert.Equal(("María Pérez", "Madre"), (c.RepresentativeName, c.RepresentativeRelation));
        Assert.True(c.IsComplete);
    }

    [Fact]
    public void RecordObtained_Throws_WhenTheSurvivorGivesItButARepresentativeIsNamed()
    {
        Assert.Throws<DomainException>(() => Consent.RecordObtained(Survivor, ConsentGiver.Survivor, "Otra persona", "Tía",
            ConsentForm.ClaveUnica, ConsentDeclarations.All, "x", null, Now, Worker));
    }

    [Fact]
    public void GrantScope_RecordsEachScopeInTheHistory()
    {
        var c = Button();

        c.GrantScope(ConsentScope.ShareWithSernamEgCentres | ConsentScope.Statistics, Now, Worker);

        Assert.Equal(ConsentScope.ShareWithSernamEgCentres | ConsentScope.Statistics, c.Scopes);
        Assert.Equal([ConsentScope.ShareWithSernamEgCentres, ConsentScope.Statistics], c.ScopeHistory.Select(h => h.Scope));
        Assert.All(c.ScopeHistory, h => Assert.True(h.Granted));
    }

    [Fact]
    public void GrantScope_AlreadyGranted_DoesNothing()
    {
        var c = Button();
        c.GrantScope(ConsentScope.Statistics, Now, Worker);

        c.GrantScope(ConsentScope.Statistics, Now.AddDays(1), Worker);

        Assert.Single(c.ScopeHistory);
    }

    [Fact]
    public void RevokeScope_NotGranted_DoesNothing_EvenWithoutReason()
    {
        var c = Button();
        c.GrantScope(ConsentScope.Statistics, Now, Worker);

        c.RevokeScope(ConsentScope.ShareWithInstitutions, Now.AddDays(1), Worker, "");

        Assert.Equal(ConsentScope.Statistics, c.Scopes);
        Assert.Single(c.ScopeHistory);
    }

    [Fact]
    public void RevokeScope_Throws_WithoutReason()
    {
        var c = Button();
        c.GrantScope(ConsentScope.ShareWithInstitutions, Now, Worker);

        var ex = Assert.Throws<DomainException>(() => c.RevokeScope(ConsentScope.ShareWithInstitutions, Now.AddDays(1), Worker, " "));

        Assert.Equal("Indique el motivo de la revocación.", ex.Message);
        Assert.True(c.Allows(ConsentScope.ShareWithInstitutions));
    }

    [Fact]
    public void GrantAndRevoke_KeepTheFullHistory_AndAllowsFollowsTheLatest()
    {
        var c = Button();
        c.GrantScope(ConsentScope.ShareWithInstitutions, Now, Worker);
        c.RevokeScope(ConsentScope.ShareWithInstitutions, Now.AddDays(10), Worker, "Ejerce derecho de oposición");
        Assert.False(c.Allows(ConsentScope.ShareWithInstitutions));

        c.GrantScope(ConsentScope.ShareWithInstitutions, Now.AddDays(20), Worker);

        Assert.True(c.Allows(ConsentScope.ShareWithInstitutions));
        Assert.Equal([true, false, true], c.ScopeHistory.Select(h => h.Granted));
        Assert.Equal("Ejerce derecho de oposición", c.ScopeHistory[1].Reason);
        Assert.Equal([Now, Now.AddDays(10), Now.AddDays(20)], c.ScopeHistory.Select(h => h.At));
    }

    [Fact]
    public void Allows_IsFalse_WhileTheConsentIsIncomplete()
    {
        var c = Paper();
        c.GrantScope(ConsentScope.ShareWithSernamEgCentres, Now, Worker);

        Assert.False(c.Allows(ConsentScope.ShareWithSernamEgCentres));

        c.AttachScannedCopy(Guid.NewGuid());
        Assert.True(c.Allows(ConsentScope.ShareWithSernamEgCentres));
    }

    [Fact]
    public void Allows_RequiresEveryAskedScope()
    {
        var c = Button();
        c.GrantScope(ConsentScope.Statistics, Now, Worker);

        Assert.True(c.Allows(ConsentScope.Statistics));
        Assert.False(c.Allows(ConsentScope.Statistics | ConsentScope.ShareWithInstitutions));
        Assert.False(c.Allows(ConsentScope.None));
    }

    [Fact]
    public void GrantScope_Throws_WhenConsentWasRefused()
    {
        var c = Consent.RecordRefused(Survivor, ConsentGiver.Survivor, null, null, Now, Worker);

        var ex = Assert.Throws<DomainException>(() => c.GrantScope(ConsentScope.Statistics, Now, Worker));

        Assert.Equal("No es posible autorizar el uso de datos sin consentimiento obtenido.", ex.Message);
        Assert.Empty(c.ScopeHistory);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void GrantScope_Throws_ForAnUndefinedScope(int scope)
    {
        Assert.Throws<DomainException>(() => Button().GrantScope((ConsentScope)scope, Now, Worker));
    }

    [Fact]
    public void RelatedPersonsWithoutConsent_AreListedOnce_AndCanBeRemoved()
    {
        var c = Button();
        var child = Guid.NewGuid();
        var sister = Guid.NewGuid();

        c.AddRelatedPersonWithoutConsent(child);
        c.AddRelatedPersonWithoutConsent(sister);
        c.AddRelatedPersonWithoutConsent(child);
        c.RemoveRelatedPersonWithoutConsent(sister);

        Assert.Equal([child], c.RelatedPersonsWithoutConsent);
    }
}
